/**
 * Moving to shared storage (npm run files:migrate): every file the database refers to is copied from the local
 * folder into the database store, streamed, and kept only if its bytes hash to the name it is stored under.
 * Files already in the database are skipped, so the command can run again (after an interruption, or while the
 * old machine still takes uploads) and copies only what is new.
 */
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client';
import type { DiskStore } from './disk-store';
import { ContentMismatch, type FileStore, piecesOf } from './store';

export interface FileMigrationReport {
	/** distinct files the database refers to (originals and author-free copies) */
	referenced: number;
	copied: number;
	/** already in the target store */
	present: number;
	/** referenced, but not in the folder either */
	missing: string[];
	/** in the folder, but its bytes do not hash to its name: not copied */
	damaged: string[];
}

export async function referencedFiles(db: Db): Promise<string[]> {
	const rows = rowsOf<{ sha256: string }>(
		await db.execute(sql`
			select sha256 from entry_files
			union
			select stripped_sha256 from entry_files
			order by 1`)
	);
	return rows.map((r) => r.sha256);
}

export async function copyFilesFromDisk(
	db: Db,
	from: DiskStore,
	to: FileStore,
	onFile?: (sha256: string, outcome: 'copied' | 'present' | 'missing' | 'damaged') => void
): Promise<FileMigrationReport> {
	const wanted = await referencedFiles(db);
	const report: FileMigrationReport = {
		referenced: wanted.length,
		copied: 0,
		present: 0,
		missing: [],
		damaged: []
	};
	for (const sha256 of wanted) {
		let outcome: 'copied' | 'present' | 'missing' | 'damaged';
		if (await to.has(sha256)) outcome = 'present';
		else {
			const opened = await from.open(sha256);
			if (!opened) outcome = 'missing';
			else {
				try {
					await to.put(piecesOf(opened.stream), { expect: sha256 });
					outcome = 'copied';
				} catch (err) {
					if (!(err instanceof ContentMismatch)) throw err;
					outcome = 'damaged';
				}
			}
		}
		if (outcome === 'copied') report.copied += 1;
		else if (outcome === 'present') report.present += 1;
		else report[outcome].push(sha256);
		onFile?.(sha256, outcome);
	}
	return report;
}
