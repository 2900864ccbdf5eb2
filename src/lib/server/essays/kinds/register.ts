/**
 * Entries the organizer registers for a team or unit (video and performance contests): the author is the team's
 * contact person, the entry is submitted as it is registered (there is nothing to draft), and the database holds
 * the rules (entries_kind_rules: a video entry has its link, a performance its order; entries_appearance_unique;
 * entries_frozen: nothing is registered once submissions are closed).
 */
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import { recordAudit } from '../../audit';
import type { Db } from '../../db/client';
import { uniqueViolation } from '../../db/errors';
import { entries, essaySettings, units, users } from '../../db/schema';
import { fail, ok, type Handle, type Result } from '../../result';
import { cleanText } from '../../../text';
import { effectiveStage } from '../stages';
import { parseVideoUrl, type VideoUrlError } from '../../../video-links';

export type EntryKind = (typeof essaySettings.$inferSelect)['entryKind'];

/** Kinds whose entries the organizer registers; essays and files are sent by their authors. */
export const REGISTERED_KINDS: readonly EntryKind[] = ['video', 'performance'];

export const TEAM_NAME_MAX = 200;
export const APPEARANCE_MAX = 999;

export type RegisterError =
	| 'not_found'
	| 'not_registered_kind'
	| 'stage'
	| 'contact_not_found'
	| 'team_required'
	| 'title_required'
	| 'appearance_required'
	| 'appearance_taken'
	| 'busy'
	| VideoUrlError;

export interface RegisterInput {
	contestId: number;
	organizerId: number;
	/** the team's contact person: the entry's author, whose unit is the entry's unit */
	contactUserId: number;
	teamName: string;
	/** the piece performed or the video's title */
	title: string;
	videoUrl?: string | null;
	appearanceNo?: number | null;
	now?: Date;
}

/** The contest's kind, blindness and stage (null: not an essay-family contest). */
export async function contestKind(db: Handle, contestId: number, now = new Date()) {
	const [row] = await db
		.select({
			entryKind: essaySettings.entryKind,
			blind: essaySettings.blind,
			stage: essaySettings.stage,
			closesAt: essaySettings.closesAt,
			codePrefix: essaySettings.codePrefix
		})
		.from(essaySettings)
		.where(eq(essaySettings.contestId, contestId));
	if (!row) return null;
	return { ...row, stage: effectiveStage(row, now) };
}

/** Registers one entry, submitted at once, audited in the same transaction. */
export async function registerEntry(
	db: Db,
	input: RegisterInput
): Promise<Result<{ entryId: number; code: string }, RegisterError>> {
	const now = input.now ?? new Date();
	const contest = await contestKind(db, input.contestId, now);
	if (!contest) return fail('not_found');
	if (!REGISTERED_KINDS.includes(contest.entryKind)) return fail('not_registered_kind');
	if (contest.stage !== 'draft' && contest.stage !== 'submissions') return fail('stage');
	const teamName = cleanText(input.teamName).slice(0, TEAM_NAME_MAX);
	if (!teamName) return fail('team_required');
	const title = cleanText(input.title).slice(0, 300);
	if (!title) return fail('title_required');
	let videoUrl: string | null = null;
	if (contest.entryKind === 'video') {
		const parsed = parseVideoUrl(input.videoUrl ?? '');
		if (!parsed.ok) return fail(parsed.error);
		videoUrl = parsed.link.url;
	}
	let appearanceNo: number | null = null;
	if (contest.entryKind === 'performance') {
		const n = input.appearanceNo;
		if (n === null || n === undefined || !Number.isInteger(n) || n < 1 || n > APPEARANCE_MAX)
			return fail('appearance_required');
		appearanceNo = n;
	}
	const [contact] = await db
		.select({ unitId: users.unitId })
		.from(users)
		.where(and(eq(users.id, input.contactUserId), sql`${users.disabledAt} is null`));
	if (!contact) return fail('contact_not_found');

	for (let attempt = 0; attempt < 50; attempt++) {
		try {
			const made = await db.transaction(async (tx) => {
				const taken = await tx
					.select({ slot: entries.slot })
					.from(entries)
					.where(
						and(
							eq(entries.contestId, input.contestId),
							eq(entries.authorId, input.contactUserId),
							isNotNull(entries.slot)
						)
					);
				const used = new Set(taken.map((t) => t.slot));
				let slot = 1;
				while (used.has(slot)) slot++;
				const [{ last }] = await tx
					.select({ last: sql<number>`coalesce(max(${entries.entryNo}), 0)::int` })
					.from(entries)
					.where(eq(entries.contestId, input.contestId));
				const entryNo = last + 1;
				const code = `${contest.codePrefix}-${String(entryNo).padStart(4, '0')}`;
				const [row] = await tx
					.insert(entries)
					.values({
						contestId: input.contestId,
						entryNo,
						code,
						authorId: input.contactUserId,
						authorUnitId: contact.unitId,
						slot,
						title,
						registeredBy: input.organizerId,
						teamName,
						videoUrl,
						appearanceNo,
						status: 'submitted',
						submittedAt: now,
						createdAt: now,
						updatedAt: now
					})
					.returning({ id: entries.id });
				await recordAudit(tx, {
					actorId: input.organizerId,
					contestId: input.contestId,
					entity: 'entry',
					entityId: row.id,
					action: 'entry.register',
					after: { code, teamName, title, videoUrl, appearanceNo, contactUserId: input.contactUserId },
					at: now
				});
				return { entryId: row.id, code };
			});
			return ok(made);
		} catch (err) {
			const constraint = uniqueViolation(err);
			if (constraint === 'entries_appearance_unique') return fail('appearance_taken');
			// another registration took this number or slot first: read again
			if (constraint) continue;
			throw err;
		}
	}
	return fail('busy');
}

export type RegisteredEntry = {
	id: number;
	code: string;
	title: string;
	teamName: string | null;
	videoUrl: string | null;
	appearanceNo: number | null;
	status: string;
	contactName: string;
	unitName: string;
};

/** A contest's entries for the organizer, in order of appearance (then by code). */
export async function listContestEntries(db: Handle, contestId: number): Promise<RegisteredEntry[]> {
	return db
		.select({
			id: entries.id,
			code: entries.code,
			title: entries.title,
			teamName: entries.teamName,
			videoUrl: entries.videoUrl,
			appearanceNo: entries.appearanceNo,
			status: entries.status,
			contactName: users.fullName,
			unitName: units.name
		})
		.from(entries)
		.innerJoin(users, eq(users.id, entries.authorId))
		.innerJoin(units, eq(units.id, entries.authorUnitId))
		.where(eq(entries.contestId, contestId))
		.orderBy(sql`${entries.appearanceNo} asc nulls last`, asc(entries.code));
}

/** The next free order of appearance (one after the highest), for the registration form. */
export async function nextAppearanceNo(db: Handle, contestId: number): Promise<number> {
	const [{ last }] = await db
		.select({ last: sql<number>`coalesce(max(${entries.appearanceNo}), 0)::int` })
		.from(entries)
		.where(eq(entries.contestId, contestId));
	return Math.min(last + 1, APPEARANCE_MAX);
}

/** The account with this (normalized) phone, if it is active. */
export async function activeUserByPhone(db: Handle, phone: string): Promise<number | null> {
	const [row] = await db
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.phone, phone), sql`${users.disabledAt} is null`));
	return row?.id ?? null;
}
