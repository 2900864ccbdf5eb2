/**
 * Job results are kept for a while (JOB_RESULT_DAYS, 7 by default), then the sweep (scheduled once per period
 * across all processes, jobs/index.ts) deletes their files and marks the runs expired: the page then says so and
 * offers to make the file again. Runs themselves stay (who made what, when).
 *
 * The file store is content-addressed and shared: the same bytes may be an essay file, a picture, a logo or another
 * run's result. A file is deleted only when no row names it any more (FILE_REFERENCES: a new kind of stored file
 * must be added there).
 */
import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/client';
import type { Db } from '../db/client';
import type { FileStore } from '../files/store';

/** Every column that names a file in the store (table, column). */
const FILE_REFERENCES: [string, string][] = [
	['jobs', 'result_sha256'],
	['pictures', 'sha256'],
	['entry_files', 'sha256'],
	['entry_files', 'stripped_sha256'],
	['entries', 'file_sha256'],
	['entry_versions', 'file_sha256'],
	['certificate_settings', 'logo_sha256']
];

/** The pg-boss queue of the sweep (JobQueue.every). */
export const RESULTS_SWEEP = 'job-results-sweep';

async function referenced(db: Db, sha256: string): Promise<boolean> {
	const checks = FILE_REFERENCES.map(
		([table, column]) =>
			sql`exists (select 1 from ${sql.identifier(table)} where ${sql.identifier(column)} = ${sha256})`
	);
	const [{ used }] = rowsOf<{ used: boolean }>(
		await db.execute(sql`select (${sql.join(checks, sql` or `)}) as used`)
	);
	return used;
}

/**
 * Expires the results of runs finished before `olderThan`: the rows first (each by one sweep only: rows locked by
 * another sweep are skipped), then each file no row names any more. Safe to run twice at once.
 */
export async function expireResults(
	db: Db,
	files: FileStore,
	olderThan: Date,
	now = new Date()
): Promise<{ expired: number; deleted: number }> {
	const expired = rowsOf<{ sha256: string }>(
		await db.execute(sql`
			with old as (
				select id, result_sha256 from jobs
				where result_sha256 is not null and finished_at < ${olderThan.toISOString()}
				for update skip locked
			)
			update jobs set result_sha256 = null, result_name = null, expired_at = ${now.toISOString()}
			from old where jobs.id = old.id
			returning old.result_sha256 as sha256`)
	);
	let deleted = 0;
	for (const sha256 of new Set(expired.map((r) => r.sha256))) {
		if (await referenced(db, sha256)) continue;
		await files.delete(sha256);
		deleted++;
	}
	return { expired: expired.length, deleted };
}

/** The cut-off for results made `days` ago. */
export const retentionCutoff = (days: number, now = new Date()) =>
	new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
