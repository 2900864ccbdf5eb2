import { and, eq, sql } from 'drizzle-orm';
import type { OrganizerScope } from '../auth/scope';
import { generateInitialPassword, hashInitialPasswords } from '../auth/password';
import type { Db } from '../db/client';
import { uniqueViolation } from '../db/errors';
import { type ImportBatch, importBatches } from '../db/schema';
import { countRows, ImportConflict } from './apply-common';
import { writePeople } from './apply-people';
import { writeUnits } from './apply-units';
import type { BatchSummary, Counts, ImportKind, PersonRow, Problem, StoredRow, UnitRow } from './types';

export interface Actor {
	id: number;
	isAdmin: boolean;
	/** a scoped organizer's reach, checked again when applying (undefined: global) */
	scope?: OrganizerScope;
}

export type ApplyError = 'not_found' | 'forbidden' | 'not_previewed' | 'has_errors' | 'conflicts';

/** Shown once, right after the import, so the organizer can hand them out; never stored in plain text. */
export interface Credential {
	row: number;
	phone: string;
	fullName: string;
	password: string;
}

export type ApplyProgress = { phase: 'hashing' | 'writing'; done: number; total: number };

export type ApplyOutcome =
	| { ok: true; kind: ImportKind; counts: Counts; credentials: Credential[] }
	| { ok: false; error: ApplyError; problems: Problem[] };

/** A batch the actor may apply now: theirs (or any, for an administrator), still previewed, without problems. */
export async function findApplicableBatch(
	db: Db,
	batchId: string,
	actor: Actor
): Promise<{ ok: true; batch: ImportBatch } | { ok: false; error: ApplyError }> {
	const [batch] = await db.select().from(importBatches).where(eq(importBatches.id, batchId));
	if (!batch) return { ok: false, error: 'not_found' };
	if (batch.createdBy !== actor.id && !actor.isAdmin) return { ok: false, error: 'forbidden' };
	if (batch.status !== 'previewed') return { ok: false, error: 'not_previewed' };
	if ((batch.summary as BatchSummary).counts.errors > 0) return { ok: false, error: 'has_errors' };
	return { ok: true, batch };
}

/**
 * Applies a previewed batch: everything in one transaction, or nothing. The batch is claimed first with a guarded
 * `update … where status = 'previewed'`, so two clicks (or two tabs) apply it once. Initial passwords of new
 * people are hashed before the transaction opens, to keep it short.
 */
export async function applyImport(
	db: Db,
	batchId: string,
	actor: Actor,
	options: { onProgress?: (progress: ApplyProgress) => void | Promise<void>; chunkSize?: number } = {}
): Promise<ApplyOutcome> {
	const found = await findApplicableBatch(db, batchId, actor);
	if (!found.ok) return { ok: false, error: found.error, problems: [] };
	const { batch } = found;
	const summary = batch.summary as BatchSummary;
	const chunkSize = options.chunkSize ?? 1000;
	const progress = options.onProgress ?? (() => {});

	const credentials: Credential[] = [];
	const hashes = new Map<number, string>();
	if (batch.kind === 'people') {
		const fresh = (batch.rows as StoredRow<PersonRow>[]).filter((r) => r.action === 'new');
		const passwords = fresh.map(() => generateInitialPassword());
		const hashed = await hashInitialPasswords(passwords, (done) =>
			progress({ phase: 'hashing', done, total: fresh.length })
		);
		fresh.forEach((r, i) => {
			hashes.set(r.row, hashed[i]);
			credentials.push({ row: r.row, phone: r.phone, fullName: r.fullName, password: passwords[i] });
		});
	}

	try {
		const counts = await db.transaction(async (tx) => {
			const claimed = await tx
				.update(importBatches)
				.set({ status: 'applied', appliedAt: new Date() })
				.where(and(eq(importBatches.id, batchId), eq(importBatches.status, 'previewed')))
				.returning({ id: importBatches.id });
			if (claimed.length === 0) throw new ImportConflict([]);
			const report = (p: { done: number; total: number }) => progress({ phase: 'writing', ...p });
			const actions =
				batch.kind === 'units'
					? await writeUnits(tx, batch.rows as StoredRow<UnitRow>[], report, chunkSize)
					: await writePeople(tx, batch.rows as StoredRow<PersonRow>[], hashes, report, {
							chunkSize,
							scope: actor.scope,
							actorId: actor.id
						});
			const applied = countRows(summary.counts.rows, actions, []);
			await tx
				.update(importBatches)
				.set({ summary: sql`${importBatches.summary} || ${JSON.stringify({ applied })}::jsonb` })
				.where(eq(importBatches.id, batchId));
			return applied;
		});
		return { ok: true, kind: batch.kind, counts, credentials };
	} catch (err) {
		if (err instanceof ImportConflict)
			return err.problems.length > 0
				? { ok: false, error: 'conflicts', problems: err.problems }
				: { ok: false, error: 'not_previewed', problems: [] };
		// a sign-up took a phone, email or CCCD between our check and our insert
		if (uniqueViolation(err)) return { ok: false, error: 'conflicts', problems: [] };
		throw err;
	}
}
