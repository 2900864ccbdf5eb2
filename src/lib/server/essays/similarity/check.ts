/**
 * The similarity check of one essay contest, run as a queued job (job.ts): every live entry's submitted version (and every
 * reference text the organizer uploaded) is fingerprinted, looked up in an LSH index of everything compared so far
 * (this contest's entries, the entries of earlier contests, the references), and each candidate is confirmed with
 * the exact overlap both ways. Work is committed in batches, each marking its texts checked: a rerun (after new
 * entries, a new version, a new reference, or a process that died) compares only what is not yet checked.
 */
import type { FileStore } from '../../files/store';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { similarityPairs, similaritySignatures } from '../../db/schema';
import { progress } from '../../jobs/runs';
import type { Handle } from '../../result';
import { chunkWords, fingerprint, LshIndex, minhash, overlap, shingleHashes, shingleSet } from './index';
import { versionText } from './source-text';

/**
 * pairs below this (either way, in percent) are not kept: unrelated texts on one topic share a few percent of their
 * 3-grams (3–4 % between the benchmark's unrelated texts), which says nothing
 */
export const KEEP_FROM_PERCENT = 5;
const BATCH = 100;
const CHUNK_WORDS = 2000;

type Source =
	| { kind: 'entry'; entryId: number; versionNo: number; own: boolean }
	| { kind: 'reference'; referenceId: number };

type Row = Record<string, unknown>;
const rowsOf = (r: unknown): Row[] => (Array.isArray(r) ? r : (r as { rows: Row[] }).rows);
const toStored = (sig: Uint32Array) => Array.from(sig, (x) => x | 0);
const fromStored = (a: number[]) => Uint32Array.from(a, (x) => x >>> 0);

/** Chunked signatures and the whole shingle set of a text. */
function analyse(text: string) {
	const f = fingerprint(text);
	if (f.set.length === 0) return { set: f.set, chunks: [] };
	// an entry-sized text is its own one chunk: its signature is already computed
	if (f.words.words.length <= CHUNK_WORDS) return { set: f.set, chunks: [f.signature] };
	const chunks = chunkWords(f.words.words, CHUNK_WORDS).map((words) =>
		minhash(shingleSet(shingleHashes(words)))
	);
	return { set: f.set, chunks };
}

export async function runSimilarityCheck(
	db: Db,
	contestId: number,
	opts: { jobId?: number; files?: FileStore | null; now?: () => Date } = {}
): Promise<{ compared: number; pairs: number }> {
	const now = opts.now ?? (() => new Date());
	const root = opts.files ?? null;

	const own = rowsOf(
		await db.execute(sql`
			select distinct on (v.entry_id) v.entry_id, v.version_no,
				exists (select 1 from ${similaritySignatures} s where s.entry_id = v.entry_id
					and s.version_no = v.version_no and s.checked_at is not null) as checked
			from entry_versions v join entries e on e.id = v.entry_id
			where e.contest_id = ${contestId} and e.status::text in ('submitted', 'disqualified')
			order by v.entry_id, v.version_no desc`)
	);
	const earlier = rowsOf(
		await db.execute(sql`
			select distinct on (v.entry_id) v.entry_id, v.version_no,
				exists (select 1 from ${similaritySignatures} s where s.entry_id = v.entry_id
					and s.version_no = v.version_no) as signed
			from entry_versions v join entries e on e.id = v.entry_id
			join essay_settings es on es.contest_id = e.contest_id
			where e.contest_id <> ${contestId} and e.status::text in ('submitted', 'disqualified')
				and es.opens_at < (select opens_at from essay_settings where contest_id = ${contestId})
			order by v.entry_id, v.version_no desc`)
	);
	const references = rowsOf(
		await db.execute(sql`
			select r.id, exists (select 1 from ${similaritySignatures} s where s.reference_id = r.id
				and s.checked_at is not null) as checked
			from similarity_references r where r.contest_id = ${contestId} order by r.id`)
	);

	const sources: Source[] = [];
	const pending: number[] = [];
	const toSign: number[] = [];
	const indexed: number[] = [];
	for (const r of own) {
		const i =
			sources.push({
				kind: 'entry',
				entryId: Number(r.entry_id),
				versionNo: Number(r.version_no),
				own: true
			}) - 1;
		(r.checked ? indexed : pending).push(i);
	}
	for (const r of references) {
		const i = sources.push({ kind: 'reference', referenceId: Number(r.id) }) - 1;
		(r.checked ? indexed : pending).push(i);
	}
	for (const r of earlier) {
		const i =
			sources.push({
				kind: 'entry',
				entryId: Number(r.entry_id),
				versionNo: Number(r.version_no),
				own: false
			}) - 1;
		indexed.push(i);
		if (!r.signed) toSign.push(i);
	}

	const total = toSign.length + pending.length;
	let done = 0;
	if (opts.jobId) await progress(db, opts.jobId, 0, total);

	// earlier contests' entries never checked with their own contest still need a signature to be found
	for (let b = 0; b < toSign.length; b += BATCH) {
		const batch = toSign.slice(b, b + BATCH);
		const texts = await loadTexts(
			db,
			root,
			batch.map((i) => sources[i])
		);
		const rows = batch.flatMap((i, k) => signatureRows(sources[i], analyse(texts[k]).chunks, null));
		if (rows.length) await db.insert(similaritySignatures).values(rows).onConflictDoNothing();
		done += batch.length;
		if (opts.jobId) await progress(db, opts.jobId, done, total);
	}

	const index = new LshIndex();
	const pendingSet = new Set(pending);
	const byKey = new Map<string, number>(sources.map((s, i) => [keyOf(s), i]));
	for (const row of await loadSignatures(
		db,
		indexed.map((i) => sources[i])
	)) {
		const i = byKey.get(row.key);
		if (i !== undefined && !pendingSet.has(i)) index.add(i, row.signature);
	}

	const sets = new Map<number, Uint32Array>();
	let pairCount = 0;
	for (let b = 0; b < pending.length; b += BATCH) {
		const batch = pending.slice(b, b + BATCH);
		const texts = await loadTexts(
			db,
			root,
			batch.map((i) => sources[i])
		);
		const analysed = batch.map((_, k) => analyse(texts[k]));
		const candidates = new Map<number, number[]>();
		batch.forEach((i, k) => {
			const found = new Set<number>();
			for (const sig of analysed[k].chunks)
				for (const c of index.query(sig)) if (comparable(sources[i], sources[c])) found.add(c);
			candidates.set(i, [...found]);
			for (const sig of analysed[k].chunks) index.add(i, sig);
			sets.set(i, analysed[k].set);
		});
		const missing = [...new Set([...candidates.values()].flat())].filter((c) => !sets.has(c));
		const missingTexts = await loadTexts(
			db,
			root,
			missing.map((c) => sources[c])
		);
		missing.forEach((c, k) => sets.set(c, fingerprint(missingTexts[k]).set));

		const at = now();
		const pairs: (typeof similarityPairs.$inferInsert)[] = [];
		for (const i of batch)
			for (const c of candidates.get(i) ?? []) {
				const pair = pairRow(contestId, sources[i], sets.get(i)!, sources[c], sets.get(c)!, at);
				if (pair && Math.max(pair.aInB, pair.bInA) >= KEEP_FROM_PERCENT) pairs.push(pair);
			}
		pairCount += pairs.length;
		const signatures = batch.flatMap((i, k) => signatureRows(sources[i], analysed[k].chunks, at));
		await db.transaction(async (tx) => {
			await saveSignatures(tx, signatures);
			const changed = batch
				.map((i) => sources[i])
				.filter((s) => s.kind === 'entry')
				.map((s) => s.entryId);
			if (changed.length)
				await tx.execute(sql`delete from ${similarityPairs} where contest_id = ${contestId} and status = 'open'
					and (entry_id in ${sql.raw(`(${changed.join(',')})`)} or other_entry_id in ${sql.raw(`(${changed.join(',')})`)})`);
			await savePairs(tx, pairs);
			done += batch.length;
			if (opts.jobId) await progress(tx, opts.jobId, done, total);
		});
	}
	return { compared: pending.length, pairs: pairCount };
}

const keyOf = (s: Source) => (s.kind === 'entry' ? `e${s.entryId}:${s.versionNo}` : `r${s.referenceId}`);

/** What is compared with what: entries with anything; a reference only with this contest's entries. */
function comparable(a: Source, b: Source): boolean {
	if (a.kind === 'reference') return b.kind === 'entry' && b.own;
	if (b.kind === 'reference') return a.own;
	return a.own || b.own;
}

function pairRow(contestId: number, p: Source, pSet: Uint32Array, c: Source, cSet: Uint32Array, at: Date) {
	// the pair's "entry" is this contest's entry (the lower id when both are), its "other" the text compared with
	let [a, aSet, b, bSet] = [p, pSet, c, cSet];
	if (
		a.kind === 'reference' ||
		(b.kind === 'entry' && b.own && a.kind === 'entry' && b.entryId < a.entryId) ||
		(a.kind === 'entry' && !a.own)
	)
		[a, aSet, b, bSet] = [b, bSet, a, aSet];
	if (a.kind !== 'entry' || !a.own) return null;
	const o = overlap(aSet, bSet);
	return {
		contestId,
		entryId: a.entryId,
		versionNo: a.versionNo,
		otherEntryId: b.kind === 'entry' ? b.entryId : null,
		otherVersionNo: b.kind === 'entry' ? b.versionNo : null,
		referenceId: b.kind === 'reference' ? b.referenceId : null,
		aInB: Math.round(o.aInB * 10000) / 100,
		bInA: Math.round(o.bInA * 10000) / 100,
		checkedAt: at
	};
}

function signatureRows(s: Source, chunks: Uint32Array[], checkedAt: Date | null) {
	// an empty text still gets a row (no chunk to index) so that it counts as checked
	const list = chunks.length ? chunks : [new Uint32Array(0)];
	return list.map((sig, chunkNo) => ({
		entryId: s.kind === 'entry' ? s.entryId : null,
		versionNo: s.kind === 'entry' ? s.versionNo : null,
		referenceId: s.kind === 'reference' ? s.referenceId : null,
		chunkNo,
		signature: toStored(sig),
		shingles: sig.length ? 1 : 0,
		checkedAt
	}));
}

async function saveSignatures(tx: Handle, rows: ReturnType<typeof signatureRows>) {
	const entryRows = rows.filter((r) => r.entryId !== null);
	const referenceRows = rows.filter((r) => r.referenceId !== null);
	const set = {
		signature: sql`excluded.signature`,
		shingles: sql`excluded.shingles`,
		checkedAt: sql`excluded.checked_at`
	};
	if (entryRows.length)
		await tx
			.insert(similaritySignatures)
			.values(entryRows)
			.onConflictDoUpdate({
				target: [similaritySignatures.entryId, similaritySignatures.versionNo, similaritySignatures.chunkNo],
				targetWhere: sql`entry_id is not null`,
				set
			});
	if (referenceRows.length)
		await tx
			.insert(similaritySignatures)
			.values(referenceRows)
			.onConflictDoUpdate({
				target: [similaritySignatures.referenceId, similaritySignatures.chunkNo],
				targetWhere: sql`reference_id is not null`,
				set
			});
}

async function savePairs(tx: Handle, rows: (typeof similarityPairs.$inferInsert)[]) {
	// a pair seen again keeps its review unless one of its texts changed version since
	const changed = sql`(${similarityPairs.versionNo}, ${similarityPairs.otherVersionNo}) is distinct from (excluded.version_no, excluded.other_version_no)`;
	const set = {
		aInB: sql`excluded.a_in_b`,
		bInA: sql`excluded.b_in_a`,
		versionNo: sql`excluded.version_no`,
		otherVersionNo: sql`excluded.other_version_no`,
		checkedAt: sql`excluded.checked_at`,
		status: sql`case when ${changed} then 'open'::similarity_pair_status else ${similarityPairs.status} end`,
		reviewedBy: sql`case when ${changed} then null else ${similarityPairs.reviewedBy} end`,
		reason: sql`case when ${changed} then null else ${similarityPairs.reason} end`,
		reviewedAt: sql`case when ${changed} then null else ${similarityPairs.reviewedAt} end`
	};
	const withEntry = rows.filter((r) => r.otherEntryId != null);
	const withReference = rows.filter((r) => r.referenceId != null);
	if (withEntry.length)
		await tx
			.insert(similarityPairs)
			.values(withEntry)
			.onConflictDoUpdate({
				target: [similarityPairs.contestId, similarityPairs.entryId, similarityPairs.otherEntryId],
				targetWhere: sql`other_entry_id is not null`,
				set
			});
	if (withReference.length)
		await tx
			.insert(similarityPairs)
			.values(withReference)
			.onConflictDoUpdate({
				target: [similarityPairs.contestId, similarityPairs.entryId, similarityPairs.referenceId],
				targetWhere: sql`reference_id is not null`,
				set
			});
}

async function loadSignatures(
	db: Handle,
	list: Source[]
): Promise<{ key: string; signature: Uint32Array }[]> {
	const entryIds = list.filter((s) => s.kind === 'entry').map((s) => s.entryId);
	const refIds = list.filter((s) => s.kind === 'reference').map((s) => s.referenceId);
	const out: { key: string; signature: Uint32Array }[] = [];
	for (let b = 0; b < Math.max(entryIds.length, refIds.length); b += 5000) {
		const e = entryIds.slice(b, b + 5000);
		const r = refIds.slice(b, b + 5000);
		const rows = rowsOf(
			await db.execute(sql`select entry_id, version_no, reference_id, signature from ${similaritySignatures}
				where cardinality(signature) > 0 and (entry_id = any(${`{${e.join(',')}}`}::int[])
					or reference_id = any(${`{${r.join(',')}}`}::int[]))`)
		);
		for (const row of rows) {
			const key = row.entry_id != null ? `e${row.entry_id}:${row.version_no}` : `r${row.reference_id}`;
			out.push({ key, signature: fromStored(parseIntArray(row.signature)) });
		}
	}
	return out;
}

function parseIntArray(v: unknown): number[] {
	if (Array.isArray(v)) return v.map(Number);
	return String(v).replace(/[{}]/g, '').split(',').filter(Boolean).map(Number);
}

/** The texts of sources, in order. */
async function loadTexts(db: Handle, root: FileStore | null, list: Source[]): Promise<string[]> {
	const entryKeys = list.filter((s) => s.kind === 'entry');
	const refIds = list.filter((s) => s.kind === 'reference').map((s) => s.referenceId);
	const texts = new Map<string, string>();
	if (entryKeys.length) {
		const rows = rowsOf(
			await db.execute(sql`select v.entry_id, v.version_no, v.body, v.file_sha256, f.kind
				from entry_versions v left join entry_files f on f.sha256 = v.file_sha256
				where (v.entry_id, v.version_no) in (select * from unnest(
					${`{${entryKeys.map((s) => s.entryId).join(',')}}`}::int[],
					${`{${entryKeys.map((s) => s.versionNo).join(',')}}`}::int[]))`)
		);
		for (const r of rows)
			texts.set(
				`e${r.entry_id}:${r.version_no}`,
				await versionText(root, {
					body: String(r.body),
					fileSha256: (r.file_sha256 as string | null) ?? null,
					fileKind: (r.kind as string | null) ?? null
				})
			);
	}
	if (refIds.length) {
		const rows = rowsOf(
			await db.execute(
				sql`select id, body from similarity_references where id = any(${`{${refIds.join(',')}}`}::int[])`
			)
		);
		for (const r of rows) texts.set(`r${r.id}`, String(r.body));
	}
	return list.map((s) => texts.get(keyOf(s)) ?? '');
}
