import fs from 'node:fs/promises';
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { SessionUser } from '../auth/session';
import { readConfig } from '../config';
import { finishedAttempt } from '../insights/spec-helpers';
import { changeResultsState } from '../quiz/results';
import { makeUnit, makeUser } from '../testing/fixtures';
import { makeQuizRound } from '../testing/quiz-fixtures';
import { type Db, openPostgres, rowsOf } from './client';
import { closeDatabase, connectDatabase, db, readDb } from './index';
import { certificates, units, users } from './schema';

// connectDatabase opens PGlite from the migrated snapshot instead of a folder (a fresh initdb costs seconds)
vi.mock('./client', async (importOriginal) => {
	const actual = await importOriginal<typeof import('./client')>();
	return {
		...actual,
		openPglite: async () =>
			actual.openPglite({ loadDataDir: new Blob([await fs.readFile(inject('pgliteDump')!)]) })
	};
});

const base = process.env.TEST_DATABASE_URL;
const template = inject('pgTemplate');
const onPostgres = Boolean(base && template);

// The route modules as SvelteKit calls them; they reach the database through `$lib/server/db`, connected below.
const results = await import('../../../routes/(public)/results/+page.server');
const publicRound = await import('../../../routes/(public)/results/rounds/[roundId]/+page.server');
const leaderboard = await import('../../../routes/(participant)/rounds/[roundId]/leaderboard/+page.server');
const dashboard = await import('../../../routes/(organizer)/organize/contests/[id]/dashboard/+page.server');
const unitsRanking =
	await import('../../../routes/(organizer)/organize/contests/[id]/units-ranking/+page.server');
const exportRound =
	await import('../../../routes/(organizer)/organize/contests/[id]/rounds/[roundId]/export/[what]/+server');
const verify = await import('../../../routes/(public)/verify/[code]/+page.server');
const contestSection = await import('../../../routes/(organizer)/organize/contests/[id]/+layout.server');

type Call = (event: unknown) => Promise<unknown>;

/** A request event as SvelteKit builds it, for a signed-in `user` (or nobody). */
function event(pathname: string, params: Record<string, string>, user: SessionUser | null, body?: FormData) {
	const url = new URL(`http://localhost${pathname}`);
	const e = {
		url,
		params,
		request: new Request(url, body ? { method: 'POST', body } : {}),
		locals: { user, session: null },
		route: { id: pathname },
		cookies: { get: () => undefined, set: () => {}, delete: () => {} },
		getClientAddress: () => '203.0.113.9',
		setHeaders: () => {},
		depends: () => {},
		// the organizer's contest section loads its contest once, in its layout, for the pages below
		parent: async (): Promise<unknown> =>
			pathname.startsWith('/organize/contests/') ? (contestSection.load as Call)(e) : {}
	};
	return e;
}

/** What a load returned, or the status it threw (error(404), redirect…). */
async function run(fn: unknown, e: unknown): Promise<{ status: number; data?: Record<string, unknown> }> {
	try {
		const data = (await (fn as Call)(e)) as Record<string, unknown>;
		return { status: 200, data };
	} catch (thrown) {
		const status = (thrown as { status?: number }).status;
		if (typeof status !== 'number') throw thrown;
		return { status };
	}
}

const asUser = (id: number, unitId: number, roles: SessionUser['roles'] = []): SessionUser => ({
	id,
	fullName: 'x',
	unitId,
	mustChangePassword: false,
	roles,
	judges: false,
	organizer: roles.includes('organizer') || roles.includes('admin') ? { kind: 'global' } : null,
	leads: []
});

describe.skipIf(!onPostgres)('heavy reads on a read replica (PostgreSQL)', () => {
	// The "replica" is a copy of the primary taken at one moment (CREATE DATABASE … TEMPLATE), read-only like a hot
	// standby. What the primary gains afterwards is replication lag made permanent: a page showing the copy's state
	// read the replica, a page showing the primary's read the primary.
	const admin = onPostgres ? postgres(base!, { max: 1, onnotice: () => {} }) : undefined!;
	const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
	const primaryName = `${template?.replace(/_template$/, '')}_rp_${suffix}`;
	const replicaName = `${primaryName}_ro`;
	const urlOf = (name: string) => Object.assign(new URL(base!), { pathname: `/${name}` }).toString();
	let s: Awaited<ReturnType<typeof scenario>>;

	async function scenario(seed: Db) {
		const root = await makeUnit(seed, 'RPL', null, 0);
		const unit = await makeUnit(seed, 'RPL-A', root.id, 10);
		const closesAt = new Date(Date.now() - 86_400_000);
		const opensAt = new Date(closesAt.getTime() - 7 * 86_400_000);
		const { contest, round } = await makeQuizRound(seed, {
			eligibleUnitId: root.id,
			bankSize: 10,
			opensAt,
			closesAt
		});
		const people = [];
		for (const [i, correct] of [9, 7, 5].entries()) {
			const person = await makeUser(seed, unit.id, { fullName: `Người Thi ${i + 1}` });
			await finishedAttempt(seed, {
				roundId: round.id,
				userId: person.id,
				unitId: unit.id,
				correct,
				finishedAt: opensAt
			});
			people.push(person);
		}
		expect((await changeResultsState(seed, round.id, 'published')).ok).toBe(true);
		const organizer = await makeUser(seed, unit.id, { fullName: 'Ban Tổ Chức' });
		return { root, unit, contest, round, people, organizer, opensAt };
	}

	beforeAll(async () => {
		await admin.unsafe(`create database ${primaryName} template ${template}`);
		const seed = await openPostgres(urlOf(primaryName), 2);
		s = await scenario(seed.db);
		await seed.close();
		await admin.unsafe(`create database ${replicaName} template ${primaryName}`);
		await admin.unsafe(`alter database ${replicaName} set default_transaction_read_only = on`);
		await connectDatabase({
			...readConfig({}),
			databaseUrl: urlOf(primaryName),
			databaseReadUrl: urlOf(replicaName),
			poolMax: 4
		});
		// after the copy: the winner renames, a fourth person finishes
		await db().update(users).set({ fullName: 'Tên Mới' }).where(eq(users.id, s.people[0].id));
		const late = await makeUser(db(), s.unit.id, { fullName: 'Người Đến Muộn' });
		await finishedAttempt(db(), {
			roundId: s.round.id,
			userId: late.id,
			unitId: s.unit.id,
			correct: 3,
			finishedAt: s.opensAt
		});
	});

	afterAll(async () => {
		await closeDatabase();
		await admin.unsafe(`drop database if exists ${replicaName} with (force)`);
		await admin.unsafe(`drop database if exists ${primaryName} with (force)`);
		await admin.end();
	});

	it('public results, the leaderboard, the dashboard and exports show the replica’s copy', async () => {
		expect(readDb()).not.toBe(db());
		const roundPath = `/results/rounds/${s.round.id}`;
		const page = await run(publicRound.load, event(roundPath, { roundId: String(s.round.id) }, null));
		expect(page.status).toBe(200);
		const winners = (page.data!.results as { winners: { fullName: string }[] }).winners;
		expect(winners.map((w) => w.fullName)).toEqual(['Người Thi 1', 'Người Thi 2', 'Người Thi 3']);
		const list = await run(results.load, event('/results', {}, null));
		expect((list.data!.rounds as { id: number }[]).map((r) => r.id)).toContain(s.round.id);

		const viewer = asUser(s.people[1].id, s.unit.id);
		const board = await run(
			leaderboard.load,
			event(`/rounds/${s.round.id}/leaderboard`, { roundId: String(s.round.id) }, viewer)
		);
		expect(board.status).toBe(200);
		expect((board.data!.rows as { fullName: string }[])[0].fullName).toBe('Người Thi 1');
		// the viewer's own standing is theirs to trust: it comes from the primary
		expect(board.data!.mine).toMatchObject({ rank: 2 });

		const organizer = asUser(s.organizer.id, s.unit.id, ['organizer']);
		const contestId = String(s.contest.id);
		const dash = await run(
			dashboard.load,
			event(`/organize/contests/${contestId}/dashboard`, { id: contestId }, organizer)
		);
		expect(dash.status).toBe(200);
		// three finished in the copy; the fourth exists only on the primary
		expect((dash.data!.participation as { totals: { participants: number } }).totals.participants).toBe(3);

		const csv = await (exportRound.GET as Call)(
			event(
				`/organize/contests/${contestId}/rounds/${s.round.id}/export/results?format=csv`,
				{
					id: contestId,
					roundId: String(s.round.id),
					what: 'results'
				},
				organizer
			)
		);
		const text = await (csv as Response).text();
		expect(text).toContain('Người Thi 1');
		expect(text).not.toContain('Tên Mới');
		expect(text).not.toContain('Người Đến Muộn');
	});

	it('never writes through the read handle, and a saved setting is shown back from the primary', async () => {
		await expect(
			readDb().insert(units).values({ code: 'RPL-X', name: 'X', path: '/', depth: 0, searchText: 'x' })
		).rejects.toMatchObject({ cause: { code: '25006' } }); // read_only_sql_transaction
		// the pool asks for read-only itself (a "client" setting), not only the replica's database: a read URL that
		// points at the primary by mistake cannot write either
		const [setting] = rowsOf<{ setting: string; source: string; app: string }>(
			await readDb().execute(
				sql`select setting, source, current_setting('application_name') as app from pg_settings where name = 'default_transaction_read_only'`
			)
		);
		expect(setting).toEqual({ setting: 'on', source: 'client', app: 'cuocthi-read' });
		const organizer = asUser(s.organizer.id, s.unit.id, ['organizer']);
		const contestId = String(s.contest.id);
		const pathname = `/organize/contests/${contestId}/units-ranking`;
		const form = new FormData();
		form.set('c1', 'participants');
		const saved = await (unitsRanking.actions.rule as Call)(
			event(pathname, { id: contestId }, organizer, form)
		);
		expect(saved).toMatchObject({ form: { valid: true, message: { type: 'ok' } } });
		const page = await run(unitsRanking.load, event(pathname, { id: contestId }, organizer));
		expect(page.status).toBe(200);
		expect(page.data!.rule).toEqual(['participants']);
	});

	it('verifies a certificate issued after the replica’s copy by asking the primary', async () => {
		const [issued] = await db()
			.insert(certificates)
			.values({
				code: 'RPQ0000001',
				kind: 'participation',
				contestId: s.contest.id,
				roundId: s.round.id,
				userId: s.people[2].id,
				fullName: 'Người Thi 3',
				unitName: 'RPL-A',
				contestTitle: 'Cuộc thi',
				awardText: 'Đã tham gia',
				issuerName: 'RPL'
			})
			.returning();
		expect(await readDb().select().from(certificates).where(eq(certificates.id, issued.id))).toEqual([]);
		const page = await run(verify.load, event(`/verify/${issued.code}`, { code: issued.code }, null));
		expect(page.data!.result).toMatchObject({ status: 'valid', certificate: { fullName: 'Người Thi 3' } });
		const unknown = await run(verify.load, event('/verify/RPQ0000002', { code: 'RPQ0000002' }, null));
		expect(unknown.data!.result).toEqual({ status: 'not_found' });
	});
});

describe.skipIf(!onPostgres)('without DATABASE_READ_URL (PostgreSQL)', () => {
	it('reads the primary', async () => {
		const admin = postgres(base!, { max: 1, onnotice: () => {} });
		const name = `${template?.replace(/_template$/, '')}_rp1_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
		await admin.unsafe(`create database ${name} template ${template}`);
		try {
			await connectDatabase({
				...readConfig({}),
				databaseUrl: Object.assign(new URL(base!), { pathname: `/${name}` }).toString(),
				poolMax: 2
			});
			expect(readDb()).toBe(db());
		} finally {
			await closeDatabase();
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		}
	});
});

describe.skipIf(onPostgres)('without a server (PGlite)', () => {
	it('reads and writes one database, whatever DATABASE_READ_URL says', async () => {
		await connectDatabase({ ...readConfig({}), databaseReadUrl: 'postgres://nobody@127.0.0.1:1/none' });
		try {
			expect(readDb()).toBe(db());
		} finally {
			await closeDatabase();
		}
	});
});
