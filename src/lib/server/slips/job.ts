/**
 * Credential slips as a queued job: the organizer asks (requestSlips), the page follows the run, and the PDF is
 * offered from the file store when done. The run's params hold a secret seed from which each person's new password
 * is derived, so a repeated attempt hands out the same passwords (reissue.ts ReissueRun); the seed is dropped when
 * the run ends.
 */
import { eq } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { GLOBAL_SCOPE, mayReachUnit, type OrganizerScope } from '../auth/scope';
import type { Db } from '../db/client';
import { units } from '../db/schema';
import { JobRefused, type JobKind, type JobQueue } from '../jobs/queue';
import { fail, type Result } from '../result';
import { newSlipSeed, slipPassword } from './passwords';
import { renderSlips } from './pdf';
import { reissueInitialPasswords } from './reissue';

export const SLIPS_JOB = 'slips';

interface SlipParams {
	unitId?: number;
	subtree?: boolean;
	/** people chosen on the people page (their passwords are reset) instead of a unit */
	userIds?: number[];
	admin: boolean;
	origin: string;
	seed?: string;
}

export async function requestSlips(
	queue: JobQueue,
	db: Db,
	input: {
		unitId: number;
		subtree: boolean;
		actorId: number;
		admin: boolean;
		scope: OrganizerScope;
		origin: string;
	}
): Promise<Result<{ jobId: number }, 'not_found' | 'already_running'>> {
	const [unit] = await db.select({ path: units.path }).from(units).where(eq(units.id, input.unitId));
	if (!unit || !mayReachUnit(input.scope, unit.path)) return fail('not_found');
	const params: SlipParams = {
		unitId: input.unitId,
		subtree: input.subtree,
		admin: input.admin,
		origin: input.origin,
		seed: newSlipSeed()
	};
	return queue.enqueue({
		kind: SLIPS_JOB,
		contestId: null,
		subject: `unit:${input.unitId}`,
		params: { ...params },
		startedBy: input.actorId
	});
}

/**
 * Slips for people chosen on the people page: their passwords are reset (even one they chose) and must be changed at
 * the next sign-in. The caller has already narrowed `userIds` to the organizer's scope (people/bulk.ts).
 */
export async function requestPeopleSlips(
	queue: JobQueue,
	input: { userIds: number[]; actorId: number; admin: boolean; origin: string }
): Promise<Result<{ jobId: number }, 'already_running'>> {
	const params: SlipParams = {
		userIds: input.userIds,
		admin: input.admin,
		origin: input.origin,
		seed: newSlipSeed()
	};
	return queue.enqueue({
		kind: SLIPS_JOB,
		contestId: null,
		subject: `people:${input.actorId}:${Date.now()}`,
		params: { ...params },
		startedBy: input.actorId
	});
}

export const slipsJob: JobKind = {
	name: SLIPS_JOB,
	expireInSeconds: 15 * 60,
	retryLimit: 2,
	async run({ db, run, progress }) {
		const params = run.params as unknown as SlipParams;
		const { seed, ...kept } = params;
		const refuse = (code: string) => new JobRefused(code, kept as unknown as Record<string, unknown>);
		if (!seed || run.startedBy === null) throw refuse('not_found');
		const target = params.userIds
			? { userIds: params.userIds }
			: { unitId: params.unitId ?? 0, subtree: params.subtree ?? false };
		const result = await reissueInitialPasswords(
			db,
			{
				...target,
				actorId: run.startedBy,
				admin: params.admin,
				// the scope was checked when the organizer asked
				scope: GLOBAL_SCOPE
			},
			{ jobId: run.id, passwordFor: (userId) => slipPassword(seed, userId), onProgress: progress }
		);
		// who is still to be reset is known only now: "nobody" ends the run with that error, for the page
		if (!result.ok) throw refuse(result.error);
		const bytes = await renderSlips(result.slips, {
			origin: params.origin,
			title: params.userIds
				? m.slip_pdf_title_people({ count: result.slips.length }, { locale: 'vi' })
				: m.slip_pdf_title({ unit: result.unitName }, { locale: 'vi' })
		});
		const name = params.userIds
			? m.slip_file_name_people({ count: result.slips.length }, { locale: 'vi' })
			: m.slip_file_name({ unit: result.unitName }, { locale: 'vi' });
		return {
			file: { bytes, name: `${name}.pdf` },
			params: kept as unknown as Record<string, unknown>
		};
	}
};
