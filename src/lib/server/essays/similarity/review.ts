/**
 * What the organizer does with the check's results: the pairs above the contest's threshold, a pair side by side
 * with its shared passages, and the two outcomes of a review — the overlap is acceptable (a quotation, a shared
 * source), or an entry is disqualified. Both carry a reason and are audited; a disqualification moves the entry to
 * the status every judging, ranking and award query already leaves out (only `submitted` entries take part).
 */
import type { FileStore } from '../../files/store';
import { and, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../audit';
import type { Db } from '../../db/client';
import { entries, entryAwards, essaySettings, similarityPairs } from '../../db/schema';
import { fail, ok, type Handle, type Result } from '../../result';
import { allows, stageOf } from '../stages';
import { fingerprint, pieces, sharedRanges } from './index';
import { versionText } from './source-text';

export const REASON_MIN = 10;

type Row = Record<string, unknown>;
const rowsOf = (r: unknown): Row[] => (Array.isArray(r) ? r : (r as { rows: Row[] }).rows);

export type PairView = {
	id: number;
	entry: { id: number; code: string; title: string; status: string };
	other:
		| { kind: 'entry'; id: number; code: string; title: string; status: string; contestTitle: string | null }
		| { kind: 'reference'; id: number; title: string };
	aInB: number;
	bInA: number;
	status: 'open' | 'reviewed_acceptable' | 'disqualified';
	reason: string | null;
	reviewedAt: Date | null;
	reviewerName: string | null;
};

export async function similarityThreshold(db: Handle, contestId: number): Promise<number | null> {
	const [row] = await db
		.select({ t: essaySettings.similarityThreshold })
		.from(essaySettings)
		.where(eq(essaySettings.contestId, contestId));
	return row?.t ?? null;
}

export async function setSimilarityThreshold(
	db: Db,
	input: { contestId: number; percent: number; actorId: number }
): Promise<Result<object, 'not_found' | 'invalid'>> {
	if (!Number.isInteger(input.percent) || input.percent < 1 || input.percent > 100) return fail('invalid');
	return db.transaction(async (tx) => {
		const before = await similarityThreshold(tx, input.contestId);
		if (before === null) return fail('not_found');
		await tx
			.update(essaySettings)
			.set({ similarityThreshold: input.percent })
			.where(eq(essaySettings.contestId, input.contestId));
		await recordAudit(tx, {
			actorId: input.actorId,
			contestId: input.contestId,
			entity: 'contest',
			entityId: input.contestId,
			action: 'similarity.threshold',
			before: { threshold: before },
			after: { threshold: input.percent }
		});
		return ok();
	});
}

const PAIR_SELECT = sql`
	select p.id, p.a_in_b, p.b_in_a, p.status, p.reason, p.reviewed_at, u.full_name as reviewer,
		p.entry_id, p.version_no, e.code, e.title, e.status::text as entry_status,
		p.other_entry_id, p.other_version_no, o.code as other_code, o.title as other_title,
		o.status::text as other_status, case when o.contest_id <> p.contest_id then oc.title end as other_contest,
		p.reference_id, r.title as reference_title
	from similarity_pairs p
	join entries e on e.id = p.entry_id
	left join entries o on o.id = p.other_entry_id
	left join contests oc on oc.id = o.contest_id
	left join similarity_references r on r.id = p.reference_id
	left join users u on u.id = p.reviewed_by`;

function toView(r: Row): PairView {
	return {
		id: Number(r.id),
		entry: {
			id: Number(r.entry_id),
			code: String(r.code),
			title: String(r.title),
			status: String(r.entry_status)
		},
		other:
			r.other_entry_id != null
				? {
						kind: 'entry',
						id: Number(r.other_entry_id),
						code: String(r.other_code),
						title: String(r.other_title),
						status: String(r.other_status),
						contestTitle: (r.other_contest as string | null) ?? null
					}
				: { kind: 'reference', id: Number(r.reference_id), title: String(r.reference_title) },
		aInB: Number(r.a_in_b),
		bInA: Number(r.b_in_a),
		status: r.status as PairView['status'],
		reason: (r.reason as string | null) ?? null,
		reviewedAt: r.reviewed_at ? new Date(r.reviewed_at as string) : null,
		reviewerName: (r.reviewer as string | null) ?? null
	};
}

/**
 * The contest's pairs overlapping at least `threshold` percent either way, most overlapping first; pairs whose
 * entry was withdrawn meanwhile are left out.
 */
export async function pairsAbove(db: Handle, contestId: number, threshold: number, limit = 500) {
	const rows = rowsOf(
		await db.execute(sql`${PAIR_SELECT}
			where p.contest_id = ${contestId} and greatest(p.a_in_b, p.b_in_a) >= ${threshold}
				and e.status::text in ('submitted', 'disqualified')
				and (o.id is null or o.status::text in ('submitted', 'disqualified'))
			order by greatest(p.a_in_b, p.b_in_a) desc, p.id
			limit ${limit}`)
	);
	return rows.map(toView);
}

export async function pairView(db: Handle, contestId: number, pairId: number): Promise<PairView | null> {
	const [row] = rowsOf(
		await db.execute(sql`${PAIR_SELECT} where p.id = ${pairId} and p.contest_id = ${contestId}`)
	);
	return row ? toView(row) : null;
}

export type Side = { label: string; title: string; pieces: { text: string; shared: boolean }[] };

/** A pair side by side: each text split into plain and shared pieces (rendered as text, never as HTML). */
export async function pairDetail(
	db: Handle,
	contestId: number,
	pairId: number,
	files: FileStore | null
): Promise<{ pair: PairView; left: Side; right: Side } | null> {
	const [row] = rowsOf(
		await db.execute(sql`${PAIR_SELECT} where p.id = ${pairId} and p.contest_id = ${contestId}`)
	);
	if (!row) return null;
	const pair = toView(row);
	const left = await versionSource(db, files, Number(row.entry_id), Number(row.version_no));
	const right =
		row.other_entry_id != null
			? await versionSource(db, files, Number(row.other_entry_id), Number(row.other_version_no))
			: await referenceSource(db, Number(row.reference_id));
	const a = fingerprint(left);
	const b = fingerprint(right);
	return {
		pair,
		left: {
			label: pair.entry.code,
			title: pair.entry.title,
			pieces: pieces(left, sharedRanges(a.words, a.hashes, b.set))
		},
		right: {
			label: pair.other.kind === 'entry' ? pair.other.code : pair.other.title,
			title: pair.other.title,
			pieces: pieces(right, sharedRanges(b.words, b.hashes, a.set))
		}
	};
}

async function versionSource(db: Handle, root: FileStore | null, entryId: number, versionNo: number) {
	const [r] = rowsOf(
		await db.execute(sql`select v.body, v.file_sha256, f.kind from entry_versions v
			left join entry_files f on f.sha256 = v.file_sha256
			where v.entry_id = ${entryId} and v.version_no = ${versionNo}`)
	);
	if (!r) return '';
	const text = await versionText(root, {
		body: String(r.body),
		fileSha256: (r.file_sha256 as string | null) ?? null,
		fileKind: (r.kind as string | null) ?? null
	});
	return text.normalize('NFC');
}

async function referenceSource(db: Handle, referenceId: number) {
	const [r] = rowsOf(await db.execute(sql`select body from similarity_references where id = ${referenceId}`));
	return r ? String(r.body).normalize('NFC') : '';
}

export type ReviewError =
	'not_found' | 'reason_required' | 'reviewed' | 'stage' | 'not_in_pair' | 'not_submitted';

/** The overlap is acceptable (a quotation with its source, a shared text the rules allow): the pair is closed. */
export async function markAcceptable(
	db: Db,
	input: { contestId: number; pairId: number; actorId: number; reason: string },
	now = new Date()
): Promise<Result<object, ReviewError>> {
	const reason = input.reason.normalize('NFC').trim();
	if (reason.length < REASON_MIN) return fail('reason_required');
	return db.transaction(async (tx) => {
		const [pair] = await tx
			.select()
			.from(similarityPairs)
			.where(and(eq(similarityPairs.id, input.pairId), eq(similarityPairs.contestId, input.contestId)))
			.for('update');
		if (!pair) return fail('not_found');
		if (pair.status !== 'open') return fail('reviewed');
		await tx
			.update(similarityPairs)
			.set({ status: 'reviewed_acceptable', reviewedBy: input.actorId, reason, reviewedAt: now })
			.where(eq(similarityPairs.id, pair.id));
		await recordAudit(tx, {
			actorId: input.actorId,
			contestId: input.contestId,
			entity: 'similarity_pair',
			entityId: pair.id,
			action: 'similarity.acceptable',
			reason,
			before: { status: 'open', entryId: pair.entryId, aInB: pair.aInB, bInA: pair.bInA },
			after: { status: 'reviewed_acceptable' },
			at: now
		});
		return ok();
	});
}

/**
 * Disqualifies one entry of a pair (either side, when both are this contest's), while the contest's stage allows it
 * (closed, judging, settled: not while authors may still edit, not once results are published). The entry leaves
 * judging queues, results and awards: an award it held is withdrawn in the same transaction.
 */
export async function disqualifyEntry(
	db: Db,
	input: { contestId: number; pairId: number; entryId: number; actorId: number; reason: string },
	now = new Date()
): Promise<Result<object, ReviewError>> {
	const reason = input.reason.normalize('NFC').trim();
	if (reason.length < REASON_MIN) return fail('reason_required');
	return db.transaction(async (tx) => {
		const stage = await stageOf(tx, input.contestId, now, 'share');
		if (!stage) return fail('not_found');
		const [pair] = await tx
			.select()
			.from(similarityPairs)
			.where(and(eq(similarityPairs.id, input.pairId), eq(similarityPairs.contestId, input.contestId)))
			.for('update');
		if (!pair) return fail('not_found');
		if (!allows(stage.stage, 'disqualify_entry')) return fail('stage');
		const [entry] = await tx
			.select({ id: entries.id, status: entries.status, contestId: entries.contestId, code: entries.code })
			.from(entries)
			.where(eq(entries.id, input.entryId))
			.for('update');
		const inPair = input.entryId === pair.entryId || input.entryId === pair.otherEntryId;
		if (!entry || !inPair || entry.contestId !== input.contestId) return fail('not_in_pair');
		if (entry.status !== 'submitted') return fail('not_submitted');
		// the frozen-entries trigger lets exactly this change through for this transaction (migration 0015)
		await tx.execute(sql`select set_config('app.essay_disqualify', 'on', true)`);
		await tx.update(entries).set({ status: 'disqualified', updatedAt: now }).where(eq(entries.id, entry.id));
		await tx.execute(sql`select set_config('app.essay_disqualify', '', true)`);
		const award = await tx
			.delete(entryAwards)
			.where(eq(entryAwards.entryId, entry.id))
			.returning({ tier: entryAwards.tier });
		await tx
			.update(similarityPairs)
			.set({ status: 'disqualified', reviewedBy: input.actorId, reason, reviewedAt: now })
			.where(eq(similarityPairs.id, pair.id));
		await recordAudit(tx, {
			actorId: input.actorId,
			contestId: input.contestId,
			entity: 'entry',
			entityId: entry.id,
			action: 'entry.disqualify',
			reason,
			before: { status: 'submitted', ...(award[0] ? { award: award[0].tier } : {}) },
			after: { status: 'disqualified', pairId: pair.id, aInB: pair.aInB, bInA: pair.bInA },
			at: now
		});
		return ok();
	});
}
