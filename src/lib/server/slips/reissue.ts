/**
 * Credential slips: new initial passwords for the people of a unit who have never signed in with theirs (they still
 * must change it), to print and hand out (slips/pdf.ts). Their old initial password stops working, and so does any
 * session it opened. A person who chose a password, is disabled, or holds a role (unless an administrator asks) is
 * never touched: a slip must not be a way to take over an account.
 */
import { and, asc, eq, inArray, isNull, like, sql } from 'drizzle-orm';
import { recordAudit } from '../audit';
import { generateInitialPassword, hashInitialPasswords } from '../auth/password';
import { mayReachUnit, type OrganizerScope } from '../auth/scope';
import { type Db, rowsOf } from '../db/client';
import { jobs, roleGrants, sessions, units, users } from '../db/schema';
import { fail, ok, type Result } from '../result';
import { likeEscape } from '../../text';

export interface Slip {
	fullName: string;
	unitName: string;
	/** 0912345678 */
	phone: string;
	/** the initial password, unformatted */
	password: string;
}

/** One request re-issues at most this many (hashing is the cost: a few seconds for the whole batch). */
export const MAX_SLIPS = 5_000;

export type ReissueError = 'not_found' | 'nobody' | 'too_many';

/**
 * Run as a queued job (slips/job.ts), an attempt may be repeated (a retry after a crash, or an expired attempt still
 * alive beside its retry). Then `passwordFor` gives each person the same password in every attempt (derived from the
 * run's secret seed), and the first attempt to commit records whom it reset in the run's checkpoint, in the same
 * transaction: a later attempt writes nothing and audits nothing again, and prints the same slips.
 */
export interface ReissueRun {
	jobId: number;
	passwordFor: (userId: number) => string;
	onProgress?: (done: number, total: number) => Promise<void>;
}

/**
 * Whom to re-issue for: a unit (its people who still hold an unused initial password), or people chosen on the people
 * page (`userIds`, already checked against the organizer's scope): their password is reset even if they chose one,
 * and they must change it again.
 */
export type ReissueTarget = { unitId: number; subtree: boolean } | { userIds: number[] };

export async function reissueInitialPasswords(
	db: Db,
	input: ReissueTarget & { actorId: number; admin: boolean; scope: OrganizerScope },
	run?: ReissueRun
): Promise<Result<{ unitName: string; slips: Slip[] }, ReissueError>> {
	const chosen = 'userIds' in input ? input.userIds : null;
	let unit: typeof units.$inferSelect | undefined;
	if (!('userIds' in input)) {
		[unit] = await db.select().from(units).where(eq(units.id, input.unitId));
		// a unit outside a scoped organizer's reach is as missing as one that does not exist
		if (!unit || !mayReachUnit(input.scope, unit.path)) return fail('not_found');
	} else if (input.userIds.length === 0) return fail('nobody');
	else if (input.userIds.length > MAX_SLIPS) return fail('too_many');
	const people = await db
		.select({ id: users.id, fullName: users.fullName, phone: users.phone, unitName: units.name })
		.from(users)
		.innerJoin(units, eq(units.id, users.unitId))
		.where(
			and(
				chosen
					? inArray(users.id, chosen)
					: 'subtree' in input && input.subtree
						? like(units.path, `${likeEscape(unit!.path)}%`)
						: eq(users.unitId, unit!.id),
				chosen ? undefined : eq(users.mustChangePassword, true),
				isNull(users.disabledAt),
				input.admin
					? undefined
					: sql`not exists (select 1 from ${roleGrants} g where g.user_id = ${users}.id)`
			)
		)
		.orderBy(asc(units.path), asc(users.fullName), asc(users.id))
		.limit(MAX_SLIPS + 1);
	if (people.length === 0) return fail('nobody');
	if (people.length > MAX_SLIPS) return fail('too_many');

	const passwords = people.map((p) => (run ? run.passwordFor(p.id) : generateInitialPassword()));
	await run?.onProgress?.(0, people.length);
	const hashes = await hashInitialPasswords(passwords, (done) => run?.onProgress?.(done, people.length));
	const changed = await db.transaction(async (tx) => {
		if (run) {
			// attempts of one run take turns here; one that finds a checkpoint only prints
			const [row] = await tx
				.select({ checkpoint: jobs.checkpoint })
				.from(jobs)
				.where(eq(jobs.id, run.jobId))
				.for('update');
			const earlier = row?.checkpoint?.reissued;
			if (Array.isArray(earlier)) return new Set(earlier as number[]);
		}
		const done: number[] = [];
		for (let i = 0; i < people.length; i += 500) {
			const chunk = people.slice(i, i + 500).map((p, j) => sql`(${p.id}::int, ${hashes[i + j]}::text)`);
			const rows = await tx.execute(sql`
				update ${users} set password_hash = x.hash, must_change_password = true, updated_at = now()
				from (values ${sql.join(chunk, sql`, `)}) as x(id, hash)
				where ${users}.id = x.id and ${users}.disabled_at is null
					${chosen ? sql`` : sql`and ${users}.must_change_password`}
				returning ${users}.id`);
			done.push(...rowsOf<{ id: number }>(rows).map((r) => Number(r.id)));
		}
		if (done.length > 0) await tx.delete(sessions).where(inArray(sessions.userId, done));
		await recordAudit(
			tx,
			unit
				? {
						actorId: input.actorId,
						contestId: null,
						entity: 'unit',
						entityId: unit.id,
						action: 'initial_passwords_reissued',
						after: {
							people: done.length,
							subtree: 'subtree' in input && input.subtree,
							...(run ? { job: run.jobId } : {})
						}
					}
				: {
						actorId: input.actorId,
						contestId: null,
						entity: 'users',
						action: 'passwords_reset',
						after: { people: done.length, ids: done, ...(run ? { job: run.jobId } : {}) }
					}
		);
		if (run)
			await tx
				.update(jobs)
				.set({ checkpoint: { reissued: done } })
				.where(eq(jobs.id, run.jobId));
		return new Set(done);
	});
	// someone who changed their password meanwhile keeps it, and gets no slip
	const slips = people
		.map((p, i) => ({
			fullName: p.fullName,
			unitName: p.unitName,
			phone: p.phone,
			password: passwords[i],
			id: p.id
		}))
		.filter((p) => changed.has(p.id))
		.map(({ id: _id, ...slip }) => slip);
	if (slips.length === 0) return fail('nobody');
	return ok({ unitName: unit?.name ?? slips[0].unitName, slips });
}
