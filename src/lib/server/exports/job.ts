/**
 * An organizer's export as a queued job: the table is written batch by batch into the file store (memory stays
 * flat, as in the direct download), the run's progress counts the rows written, and the job page offers the file.
 * Reading is pure, so a repeated attempt only writes the same file again (content-addressed: stored once).
 */
import type { Db } from '../db/client';
import { piecesOf } from '../files/store';
import { JobRefused, type JobKind, type JobQueue } from '../jobs/queue';
import { unfinishedRun } from '../jobs/runs';
import { fail, ok, type Result } from '../result';
import { buildExport, describeExport, exportRequest, type ExportRequest, fullName } from './request';
import { tableStream } from './table-stream';

export const EXPORT_JOB = 'export';

/** One run per organizer and file at a time: a second click while it runs opens the same run. */
const subjectOf = (request: ExportRequest, actorId: number) =>
	[
		`user:${actorId}`,
		request.what,
		'roundId' in request ? (request.roundId ?? '-') : 'round' in request ? (request.round ?? '-') : '-',
		'judges' in request ? request.judges : '-',
		request.format
	].join(':');

export async function requestExport(
	queue: JobQueue,
	db: Db,
	input: { request: ExportRequest; actorId: number }
): Promise<Result<{ jobId: number }, 'not_found'>> {
	const fileName = await describeExport(db, input.request);
	if (fileName === null) return fail('not_found');
	const run = {
		kind: EXPORT_JOB,
		contestId: input.request.contestId,
		subject: subjectOf(input.request, input.actorId),
		params: { request: input.request, fileName },
		startedBy: input.actorId
	};
	const asked = await queue.enqueue(run);
	if (asked.ok) return asked;
	// the same file is already being made for this organizer: follow that run (or, if it ended meanwhile, start anew)
	const running = await unfinishedRun(db, run);
	if (running) return ok({ jobId: running.id });
	const again = await queue.enqueue(run);
	return again.ok ? again : fail('not_found');
}

/** Rows between two progress writes (each also proves the attempt alive). */
const PROGRESS_EVERY = 2000;

export const exportJob: JobKind = {
	name: EXPORT_JOB,
	expireInSeconds: 30 * 60,
	retryLimit: 2,
	async run({ db, files, run, progress }) {
		const parsed = exportRequest.safeParse((run.params as { request?: unknown }).request);
		if (!parsed.success) throw new JobRefused('not_found');
		const built = await buildExport(db, db, parsed.data);
		if (!built.ok) throw new JobRefused(built.error);
		const { table } = built;
		let rows = 0;
		let reported = 0;
		const counted = (async function* () {
			for await (const batch of table.batches) {
				rows += batch.length;
				if (rows - reported >= PROGRESS_EVERY) {
					reported = rows;
					await progress(rows, 0);
				}
				yield batch;
			}
		})();
		const stream = tableStream({ ...table, batches: counted }, parsed.data.format);
		const stored = await files.put(piecesOf(stream));
		await progress(rows, rows);
		return { stored: { sha256: stored.sha256, name: fullName(built, parsed.data) } };
	}
};
