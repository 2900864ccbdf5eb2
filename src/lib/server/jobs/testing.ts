/** For specs: a queue on a test database (createTestDb), as one app process, and a wait for a run's end. */
import { sql } from 'drizzle-orm';
import { type DbHandle, rowsOf } from '../db/client';
import type { FileStore } from '../files/store';
import { JobQueue, type JobKind, type QueueTarget } from './queue';
import { runById, type RunView } from './runs';

export async function queueTarget(handle: DbHandle): Promise<QueueTarget> {
	if (handle.pglite) return { pglite: handle.pglite };
	// the test's own database (createTestDb names one per file)
	const [{ name }] = rowsOf<{ name: string }>(
		await handle.db.execute(sql`select current_database() as name`)
	);
	const url = new URL(process.env.TEST_DATABASE_URL!);
	url.pathname = `/${name}`;
	return { url: url.toString(), poolMax: 2 };
}

/** A started queue polling fast; stop it before closing the database. */
export async function testQueue(
	handle: DbHandle,
	files: FileStore,
	kinds: JobKind[],
	options: {
		work?: boolean;
		/** a task run once per period across the queues (JobQueue.every) */
		periodic?: { name: string; everySeconds: number; run: () => Promise<unknown> };
	} = {}
): Promise<JobQueue> {
	const queue = JobQueue.create(await queueTarget(handle), {
		db: () => handle.db,
		files: () => files,
		log: () => {},
		pollSeconds: 0.5,
		maintenanceSeconds: 1
	});
	for (const kind of kinds) queue.register(kind);
	if (options.periodic)
		queue.every(options.periodic.name, options.periodic.everySeconds, options.periodic.run);
	await queue.start({ work: options.work });
	return queue;
}

export async function waitForRun(
	handle: DbHandle,
	jobId: number,
	until: (run: RunView) => boolean = (run) => run.status !== 'running',
	ms = 30_000
): Promise<RunView> {
	const end = Date.now() + ms;
	for (;;) {
		const run = await runById(handle.db, jobId);
		if (!run) throw new Error(`no run ${jobId}`);
		if (until(run) || Date.now() > end) return run;
		await new Promise((r) => setTimeout(r, 100));
	}
}
