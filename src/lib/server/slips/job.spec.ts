import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatInitialPassword } from '$lib/initial-password';
import { authenticate, resetPassword } from '../accounts';
import { GLOBAL_SCOPE } from '../auth/scope';
import type { DbHandle } from '../db/client';
import { auditLog } from '../db/schema';
import { pdfText } from '../essays/pdf-text';
import { DiskStore } from '../files/disk-store';
import type { JobQueue } from '../jobs/queue';
import { createRun, runById } from '../jobs/runs';
import { testQueue, waitForRun } from '../jobs/testing';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { requestSlips, slipsJob } from './job';
import { newSlipSeed, slipPassword } from './passwords';

let handle: DbHandle;
let files: DiskStore;
let organizerId: number;
let queue: JobQueue;
let units = 0;

beforeAll(async () => {
	handle = await createTestDb();
	files = new DiskStore(await fs.mkdtemp(path.join(os.tmpdir(), 'slips-job-')));
	organizerId = (await makeUser(handle.db, (await makeUnit(handle.db, 'SJ')).id)).id;
	queue = await testQueue(handle, files, [slipsJob]);
}, 60_000);
afterAll(async () => {
	await queue.stop(1_000);
	await handle.close();
	await fs.rm(files.root, { recursive: true, force: true });
});

async function unitWithImported(names: string[]) {
	const unit = await makeUnit(handle.db, `SJ-${++units}`);
	const people = [];
	for (const fullName of names) {
		const user = await makeUser(handle.db, unit.id, { fullName });
		const reset = await resetPassword(handle.db, user.id, { admin: true });
		if (!reset.ok) throw new Error(reset.error);
		people.push(user);
	}
	return { unit, people };
}

const audits = (unitId: number) =>
	handle.db
		.select()
		.from(auditLog)
		.where(and(eq(auditLog.entityId, unitId), eq(auditLog.action, 'initial_passwords_reissued')));

async function resultText(jobId: number) {
	const run = (await runById(handle.db, jobId))!;
	const opened = await files.open(run.resultSha256!);
	return pdfText(new Uint8Array(await new Response(opened!.stream).arrayBuffer()));
}

describe('credential slips as a job', () => {
	it('runs in the background with progress and leaves the PDF, whose passwords sign in, audited once', async () => {
		const { unit, people } = await unitWithImported(['Vũ Thị Hàng', 'Ngô Văn Đợi']);
		const asked = await requestSlips(queue, handle.db, {
			unitId: unit.id,
			subtree: false,
			actorId: organizerId,
			admin: false,
			scope: GLOBAL_SCOPE,
			origin: 'https://thi.example.vn'
		});
		if (!asked.ok) throw new Error(asked.error);
		const run = await waitForRun(handle, asked.jobId);
		expect(run).toMatchObject({
			status: 'done',
			done: 2,
			total: 2,
			resultName: `phieu-dang-nhap-${unit.name}.pdf`
		});
		// the seed that made the passwords is gone with the run
		expect(run.params).not.toHaveProperty('seed');
		const text = await resultText(asked.jobId);
		expect(text).toContain('Vũ Thị Hàng');
		expect(text).toContain('Ngô Văn Đợi');
		const grouped = [...text.matchAll(/\b([a-z2-9]{4} [a-z2-9]{4} [a-z2-9]{4})\b/g)].map((x) => x[1]);
		expect(grouped).toHaveLength(2);
		const signedIn = await Promise.all(
			people.flatMap((p) => grouped.map((g) => authenticate(handle.db, { phone: p.phone }, g)))
		);
		expect(signedIn.filter((r) => r.ok)).toHaveLength(2);
		expect(await audits(unit.id)).toHaveLength(1);
	});

	// (one unfinished run per unit: the subject `unit:ID`, refused as in jobs/queue.spec.ts)
	it('ends with "nobody" when nobody is left to reset, and forgets its seed', async () => {
		const { unit } = await unitWithImported([]);
		const input = {
			unitId: unit.id,
			subtree: false,
			actorId: organizerId,
			admin: false,
			scope: GLOBAL_SCOPE,
			origin: 'https://thi.example.vn'
		};
		const asked = await requestSlips(queue, handle.db, input);
		if (!asked.ok) throw new Error(asked.error);
		expect(await waitForRun(handle, asked.jobId)).toMatchObject({ status: 'failed', error: 'nobody' });
		expect((await runById(handle.db, asked.jobId))!.params).not.toHaveProperty('seed');
	});

	it('refuses a unit outside a scoped organizer’s reach', async () => {
		const { unit } = await unitWithImported(['Hồ Thị Ngoài']);
		expect(
			await requestSlips(queue, handle.db, {
				unitId: unit.id,
				subtree: false,
				actorId: organizerId,
				admin: false,
				scope: {
					kind: 'scoped',
					contestIds: [],
					unitPaths: ['/999999/'],
					peoplePaths: ['/999999/'],
					openContestIds: []
				},
				origin: 'https://thi.example.vn'
			})
		).toEqual({ ok: false, error: 'not_found' });
	});

	it('hands each person one password however many attempts of the run there are, even side by side', async () => {
		const { unit, people } = await unitWithImported(['Lý Thị Một', 'Lý Văn Hai', 'Lý Thị Ba']);
		const seed = newSlipSeed();
		const created = await createRun(handle.db, {
			kind: 'slips',
			contestId: null,
			subject: `unit:${unit.id}`,
			params: { unitId: unit.id, subtree: false, admin: false, origin: 'https://thi.example.vn', seed },
			startedBy: organizerId
		});
		if (!created.ok) throw new Error(created.error);
		const attempt = async () => {
			const run = (await runById(handle.db, created.jobId))!;
			return slipsJob.run({
				db: handle.db,
				files,
				run,
				progress: async () => {},
				checkpoint: async () => {}
			});
		};
		// an expired attempt still alive beside its retry, then one more retry after both
		const [a, b] = await Promise.all([attempt(), attempt()]);
		const c = await attempt();
		const texts = await Promise.all([a, b, c].map((o) => pdfText(o!.file!.bytes)));
		expect(texts[1]).toBe(texts[0]);
		expect(texts[2]).toBe(texts[0]);
		for (const p of people) {
			const password = formatInitialPassword(slipPassword(seed, p.id));
			expect(texts[0]).toContain(password);
			expect((await authenticate(handle.db, { phone: p.phone }, password)).ok).toBe(true);
		}
		expect(await audits(unit.id)).toHaveLength(1);
	});
});
