/**
 * The judge's side: their queue and the blind entry. In a blind contest (essay_settings.blind, the default) nothing
 * a judge-facing function returns names the author, the author's unit or the file name the author gave; the entry
 * code is all a judge knows of an entry's identity. An open contest (a stage performance always) adds the team and
 * unit, never the contact person's name or phone.
 */
import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rowsOf } from '../db/client';
import {
	assignments,
	contests,
	entries,
	entryVersions,
	essayRounds,
	essaySettings,
	rubricCriteria,
	scores,
	units
} from '../db/schema';
import { embedUrl } from '../../video-links';

import { calibrationHold } from './calibration';
import { type Result, roundClosed } from './judging-common';

// ---------------------------------------------------------------------------------------------------------------
// The judge's side

export type QueueItem = {
	assignmentId: number;
	roundId: number;
	code: string;
	title: string;
	status: 'todo' | 'draft' | 'submitted';
	third: boolean;
	/** a calibration entry of the round (calibration.ts), scored before the rest */
	calibration: boolean;
	/** order on stage (performance contests; the queue follows it) */
	appearanceNo: number | null;
	/** the team, only when the contest is not blind */
	teamName: string | null;
};

export type QueueRound = {
	roundId: number;
	contestId: number;
	roundName: string;
	contestTitle: string;
	closed: boolean;
	done: number;
	left: number;
	items: QueueItem[];
	/** the judge still has calibration entries to submit: only those are listed until then */
	calibrating: boolean;
	entryKind: EntryKind;
};

export type EntryKind = (typeof essaySettings.$inferSelect)['entryKind'];

/**
 * A judge's assignments grouped by round with done (submitted) / left; withdrawn entries leave the queue. While the
 * judge has calibration entries of a round left to submit, that round lists only those.
 */
export async function judgeQueue(
	db: Db,
	judgeId: number,
	roundId?: number,
	now = new Date()
): Promise<QueueRound[]> {
	const rows = await db
		.select({
			assignmentId: assignments.id,
			entryId: assignments.entryId,
			roundId: essayRounds.id,
			roundName: essayRounds.name,
			contestId: contests.id,
			contestTitle: contests.title,
			closesAt: essayRounds.closesAt,
			closedAt: essayRounds.closedAt,
			code: entries.code,
			title: entries.title,
			source: assignments.source,
			scoreStatus: scores.status,
			appearanceNo: entries.appearanceNo,
			teamName: entries.teamName,
			blind: essaySettings.blind,
			entryKind: essaySettings.entryKind
		})
		.from(assignments)
		.innerJoin(entries, eq(entries.id, assignments.entryId))
		.innerJoin(essayRounds, eq(essayRounds.id, assignments.roundId))
		.innerJoin(contests, eq(contests.id, essayRounds.contestId))
		.innerJoin(essaySettings, eq(essaySettings.contestId, contests.id))
		.leftJoin(scores, eq(scores.assignmentId, assignments.id))
		.where(
			and(
				eq(assignments.judgeId, judgeId),
				isNull(assignments.removedAt),
				eq(entries.status, 'submitted'),
				roundId === undefined ? undefined : eq(assignments.roundId, roundId)
			)
		)
		// a performance is scored in the order of the show; other entries by code
		.orderBy(asc(essayRounds.id), sql`${entries.appearanceNo} asc nulls last`, asc(entries.code));
	const hold = await calibrationHold(db, judgeId, [...new Set(rows.map((r) => r.roundId))]);
	const rounds = new Map<number, QueueRound>();
	for (const r of rows) {
		const calibration = hold.get(r.roundId);
		const isCalibration = calibration?.entryIds.has(r.entryId) ?? false;
		if (calibration?.pending && !isCalibration) continue;
		let round = rounds.get(r.roundId);
		if (!round) {
			round = {
				roundId: r.roundId,
				roundName: r.roundName,
				contestId: r.contestId,
				contestTitle: r.contestTitle,
				closed: roundClosed(r, now),
				done: 0,
				left: 0,
				items: [],
				calibrating: calibration?.pending ?? false,
				entryKind: r.entryKind
			};
			rounds.set(r.roundId, round);
		}
		const status = r.scoreStatus ?? 'todo';
		if (status === 'submitted') round.done++;
		else round.left++;
		round.items.push({
			assignmentId: r.assignmentId,
			roundId: r.roundId,
			code: r.code,
			title: r.title,
			status,
			third: r.source === 'third',
			calibration: isCalibration,
			appearanceNo: r.appearanceNo,
			teamName: r.blind ? null : r.teamName
		});
	}
	return [...rounds.values()];
}

export type EntryForJudge = {
	assignmentId: number;
	roundId: number;
	roundName: string;
	code: string;
	title: string;
	body: string;
	hasFile: boolean;
	closed: boolean;
	criteria: { id: number; name: string; maxPoints: number; levels: string }[];
	entryKind: EntryKind;
	/** who performs or presents: only in an open (not blind) contest */
	identity: { teamName: string | null; unitName: string } | null;
	/** a video entry's link, and the embed address where the host allows one (YouTube, Vimeo) */
	video: { url: string; embed: string | null } | null;
	appearanceNo: number | null;
	/** the entry version read (entry_versions); null for an entry without one */
	version: number | null;
	score: { points: Record<string, number>; total: number; comment: string; submitted: boolean } | null;
	/** the other judges' submitted totals, only once this judge has submitted and the round is closed */
	otherTotals: number[] | null;
};

/** An entry kept from the judge until they have submitted the round's calibration entries. */
async function heldByCalibration(
	db: Db,
	judgeId: number,
	roundId: number,
	entryId: number
): Promise<boolean> {
	const hold = (await calibrationHold(db, judgeId, [roundId])).get(roundId);
	return hold !== undefined && hold.pending && !hold.entryIds.has(entryId);
}

/** What a judge reads and scores: blind (see the module comment), and only for the judge it is assigned to. */
export async function entryForJudge(
	db: Db,
	assignmentId: number,
	judgeId: number,
	now = new Date()
): Promise<Result<{ entry: EntryForJudge }>> {
	const [row] = await db
		.select({
			judgeId: assignments.judgeId,
			removedAt: assignments.removedAt,
			entryId: assignments.entryId,
			round: essayRounds,
			code: entries.code,
			title: entries.title,
			body: entries.body,
			fileSha256: entries.fileSha256,
			status: entries.status,
			teamName: entries.teamName,
			videoUrl: entries.videoUrl,
			appearanceNo: entries.appearanceNo,
			unitName: units.name,
			blind: essaySettings.blind,
			entryKind: essaySettings.entryKind
		})
		.from(assignments)
		.innerJoin(entries, eq(entries.id, assignments.entryId))
		.innerJoin(essayRounds, eq(essayRounds.id, assignments.roundId))
		.innerJoin(essaySettings, eq(essaySettings.contestId, essayRounds.contestId))
		.innerJoin(units, eq(units.id, entries.authorUnitId))
		.where(eq(assignments.id, assignmentId));
	if (!row || row.judgeId !== judgeId || row.removedAt) return { ok: false, error: 'not_assigned' };
	if (row.status !== 'submitted') return { ok: false, error: 'withdrawn' };
	if (await heldByCalibration(db, judgeId, row.round.id, row.entryId))
		return { ok: false, error: 'not_assigned' };
	// the version submitted (entries freeze when submissions close): what every judge of the entry reads
	const [version] = await db
		.select()
		.from(entryVersions)
		.where(eq(entryVersions.entryId, row.entryId))
		.orderBy(desc(entryVersions.versionNo))
		.limit(1);
	const criteria = await db
		.select({
			id: rubricCriteria.id,
			name: rubricCriteria.name,
			maxPoints: rubricCriteria.maxPoints,
			levels: rubricCriteria.levels
		})
		.from(rubricCriteria)
		.where(eq(rubricCriteria.roundId, row.round.id))
		.orderBy(asc(rubricCriteria.position));
	const [own] = await db.select().from(scores).where(eq(scores.assignmentId, assignmentId));
	let otherTotals: number[] | null = null;
	// independent marking: nobody sees another judge's mark while the round is open
	if (own?.status === 'submitted' && roundClosed(row.round, now)) {
		const others = await db
			.select({ total: scores.total })
			.from(assignments)
			.innerJoin(scores, eq(scores.assignmentId, assignments.id))
			.where(
				and(
					eq(assignments.roundId, row.round.id),
					eq(assignments.entryId, row.entryId),
					eq(scores.status, 'submitted'),
					isNull(assignments.removedAt),
					sql`${assignments.id} <> ${assignmentId}`
				)
			)
			.orderBy(asc(scores.submittedAt));
		otherTotals = others.map((o) => o.total);
	}
	return {
		ok: true,
		entry: {
			assignmentId,
			roundId: row.round.id,
			roundName: row.round.name,
			code: row.code,
			title: version?.title ?? row.title,
			body: version?.body ?? row.body,
			version: version?.versionNo ?? null,
			hasFile: (version ? version.fileSha256 : row.fileSha256) !== null,
			closed: roundClosed(row.round, now),
			criteria,
			entryKind: row.entryKind,
			identity: row.blind ? null : { teamName: row.teamName, unitName: row.unitName },
			video: row.videoUrl ? { url: row.videoUrl, embed: embedUrl(row.videoUrl) } : null,
			appearanceNo: row.appearanceNo,
			score: own
				? {
						points: own.points,
						total: own.total,
						comment: own.comment,
						submitted: own.status === 'submitted'
					}
				: null,
			otherTotals
		}
	};
}

/** The stripped copy's address and the entry code a judge may download, or null when not theirs / no file. */
export async function fileForJudge(
	db: Db,
	assignmentId: number,
	judgeId: number
): Promise<{ code: string; strippedSha256: string; kind: string } | null> {
	const rows = rowsOf<{
		code: string;
		stripped_sha256: string;
		kind: string;
		judge_id: number;
		status: string;
		round_id: number;
		entry_id: number;
	}>(
		await db.execute(sql`
			select e.code, f.stripped_sha256, f.kind, a.judge_id, e.status, a.round_id, a.entry_id
			from assignments a
			join entries e on e.id = a.entry_id
			join entry_files f on f.sha256 = coalesce((select v.file_sha256 from entry_versions v
				where v.entry_id = e.id order by v.version_no desc limit 1), e.file_sha256)
			where a.id = ${assignmentId} and a.removed_at is null`)
	);
	const row = rows[0];
	if (!row || row.judge_id !== judgeId || row.status !== 'submitted') return null;
	if (await heldByCalibration(db, judgeId, row.round_id, row.entry_id)) return null;
	return { code: row.code, strippedSha256: row.stripped_sha256, kind: row.kind };
}
