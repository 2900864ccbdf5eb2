import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOfContest, recordAudit } from './audit';
import type { Db, DbHandle } from './db/client';
import { auditLog } from './db/schema';
import { createTestDb } from './testing/db';

let handle: DbHandle;
let db: Db;

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
});
afterAll(() => handle?.close());

/** The database's own answer to a statement: null when it ran, else the error text of the innermost cause. */
async function refusal(run: () => Promise<unknown>): Promise<string | null> {
	try {
		await run();
		return null;
	} catch (e) {
		let cur: unknown = e;
		while ((cur as { cause?: unknown }).cause) cur = (cur as { cause?: unknown }).cause;
		return String((cur as Error).message ?? cur);
	}
}

describe('audit log', () => {
	it('keeps what was recorded, newest first', async () => {
		await recordAudit(db, {
			actorId: null,
			contestId: 9001,
			entity: 'contest',
			entityId: 9001,
			action: 'a.first'
		});
		await recordAudit(db, [
			{ actorId: null, contestId: 9001, entity: 'contest', entityId: 9001, action: 'a.second', reason: 'vì' },
			{ actorId: null, contestId: 9002, entity: 'contest', entityId: 9002, action: 'other' }
		]);
		const rows = await auditOfContest(db, 9001);
		expect(rows.map((r) => r.action)).toEqual(['a.second', 'a.first']);
		expect(rows[0].reason).toBe('vì');
	});

	it('refuses UPDATE, DELETE and TRUNCATE at the database, whoever connects', async () => {
		const [row] = await db
			.insert(auditLog)
			.values({ actorId: null, contestId: 9003, entity: 'score', action: 'score.submit' })
			.returning();
		expect(
			await refusal(() => db.update(auditLog).set({ action: 'forged' }).where(eq(auditLog.id, row.id)))
		).toMatch(/append-only/);
		expect(await refusal(() => db.delete(auditLog).where(eq(auditLog.id, row.id)))).toMatch(/append-only/);
		expect(await refusal(() => db.execute(sql`truncate audit_log`))).toMatch(/append-only/);
		const [still] = await db.select().from(auditLog).where(eq(auditLog.id, row.id));
		expect(still.action).toBe('score.submit');
	});
});
