import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole, listUsers, resetPassword } from '../accounts';
import type { DbHandle } from '../db/client';
import { roleGrants } from '../db/schema';
import { listEssayContests } from '../essays/setup';
import { grantScopedOrganizer, revokeScopedOrganizer, scopedGrantsOf } from '../organizer-grants';
import { createContest, listContestsForOrganizer } from '../quiz/contests';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import {
	canManageContest,
	mayReachUnit,
	mayTargetUnit,
	type OrganizerScope,
	type ScopedOrganizer
} from './scope';
import { createSession, generateSessionToken, validateSessionToken } from './session';

let handle: DbHandle;
// root ─┬─ north ── north-east
//       └─ south
const ids = { root: 0, north: 0, northEast: 0, south: 0 };
const paths = { north: '', northEast: '', south: '' };
const contest = { open: 0, north: 0, northEast: 0, south: 0 };
const person = { north: 0, northEast: 0, south: 0, root: 0 };
const organizer = { global: 0, ofNorth: 0, ofSouthContest: 0, ofOpenContest: 0, participant: 0 };

async function scopeOf(userId: number): Promise<OrganizerScope | null> {
	const token = generateSessionToken();
	await createSession(handle.db, token, userId);
	return (await validateSessionToken(handle.db, token)).user!.organizer;
}

async function quiz(title: string, eligibleUnitId: number | null) {
	const made = await createContest(handle.db, {
		kind: 'quiz',
		title,
		description: '',
		rules: '',
		eligibleUnitId
	});
	if (!made.ok) throw new Error(made.error);
	return made.value.id;
}

beforeAll(async () => {
	handle = await createTestDb();
	const db = handle.db;
	const root = await makeUnit(db, 'SCR');
	const north = await makeUnit(db, 'SCN', root.id);
	const northEast = await makeUnit(db, 'SCNE', north.id);
	const south = await makeUnit(db, 'SCS', root.id);
	Object.assign(ids, { root: root.id, north: north.id, northEast: northEast.id, south: south.id });
	Object.assign(paths, { north: north.path, northEast: northEast.path, south: south.path });
	contest.open = await quiz('Mở cho mọi người', null);
	contest.north = await quiz('Khối Bắc', north.id);
	contest.northEast = await quiz('Đông Bắc', northEast.id);
	contest.south = await quiz('Khối Nam', south.id);
	person.root = (await makeUser(db, root.id, { fullName: 'Người Gốc' })).id;
	person.north = (await makeUser(db, north.id, { fullName: 'Người Bắc' })).id;
	person.northEast = (await makeUser(db, northEast.id, { fullName: 'Người Đông Bắc' })).id;
	person.south = (await makeUser(db, south.id, { fullName: 'Người Nam' })).id;
	for (const key of Object.keys(organizer) as (keyof typeof organizer)[])
		organizer[key] = (await makeUser(db, root.id, { fullName: `Tổ chức ${key}` })).id;
	await grantRole(db, organizer.global, 'organizer', organizer.global);
	expect((await grantScopedOrganizer(db, organizer.ofNorth, { unitId: north.id }, organizer.global)).ok).toBe(
		true
	);
	await grantScopedOrganizer(db, organizer.ofSouthContest, { contestId: contest.south }, organizer.global);
	await grantScopedOrganizer(db, organizer.ofOpenContest, { contestId: contest.open }, organizer.global);
});
afterAll(() => handle.close());

describe('the organizer scope a session carries', () => {
	it('is global for a global organizer and absent for a participant', async () => {
		expect(await scopeOf(organizer.global)).toEqual({ kind: 'global' });
		expect(await scopeOf(organizer.participant)).toBeNull();
	});

	it('names the granted unit subtree, and a unit grant is not a global organizer role', async () => {
		const scope = await scopeOf(organizer.ofNorth);
		expect(scope).toMatchObject({ kind: 'scoped', contestIds: [], unitPaths: [paths.north] });
		const token = generateSessionToken();
		await createSession(handle.db, token, organizer.ofNorth);
		expect((await validateSessionToken(handle.db, token)).user!.roles).toEqual([]);
	});

	it("gives a contest grant the contest's eligible subtree of people", async () => {
		expect(await scopeOf(organizer.ofSouthContest)).toMatchObject({
			contestIds: [contest.south],
			unitPaths: [],
			peoplePaths: [paths.south]
		});
		expect(await scopeOf(organizer.ofOpenContest)).toMatchObject({ openContestIds: [contest.open] });
	});
});

describe('contests in scope', () => {
	it('lists for a unit organizer the contests open inside their subtree, not the open or sibling ones', async () => {
		const scope = (await scopeOf(organizer.ofNorth))!;
		const listed = await listContestsForOrganizer(handle.db, { kind: 'quiz', scope });
		expect(listed.map((c) => c.id).sort()).toEqual([contest.north, contest.northEast].sort());
		expect(canManageContest(scope, { id: contest.open, eligibleUnitPath: null })).toBe(false);
		expect(canManageContest(scope, { id: contest.south, eligibleUnitPath: paths.south })).toBe(false);
		expect(canManageContest(scope, { id: contest.northEast, eligibleUnitPath: paths.northEast })).toBe(true);
	});

	it('lists for a contest organizer their contest only, and every contest for a global one', async () => {
		const scoped = (await scopeOf(organizer.ofSouthContest))!;
		const listed = await listContestsForOrganizer(handle.db, { kind: 'quiz', scope: scoped });
		expect(listed.map((c) => c.id)).toEqual([contest.south]);
		const all = await listContestsForOrganizer(handle.db, { kind: 'quiz', scope: { kind: 'global' } });
		expect(all.length).toBeGreaterThanOrEqual(4);
		expect(await listEssayContests(handle.db, scoped)).toEqual([]);
	});

	it('lets a unit organizer open contests inside their subtree only', async () => {
		const scope = (await scopeOf(organizer.ofNorth)) as ScopedOrganizer;
		expect(mayTargetUnit(scope, paths.northEast)).toBe(true);
		expect(mayTargetUnit(scope, paths.south)).toBe(false);
		expect(mayTargetUnit(scope, null)).toBe(false);
		// '/1/5/' is not an ancestor of '/1/50/'
		expect(mayReachUnit({ ...scope, peoplePaths: ['/1/5/'] }, '/1/50/')).toBe(false);
		expect(mayTargetUnit((await scopeOf(organizer.ofSouthContest))!, paths.south)).toBe(false);
	});
});

describe('people in scope', () => {
	const names = async (userId: number) => {
		const scope = (await scopeOf(userId))!;
		const page = await listUsers(handle.db, { scope, limit: 100 });
		return page.items.map((p) => p.fullName).filter((n) => n.startsWith('Người'));
	};

	it('shows a unit organizer only the people of their subtree', async () => {
		expect((await names(organizer.ofNorth)).sort()).toEqual(['Người Bắc', 'Người Đông Bắc'].sort());
	});

	it("shows a contest organizer the people of their contest's subtree", async () => {
		expect(await names(organizer.ofSouthContest)).toEqual(['Người Nam']);
		expect(await names(organizer.global)).toHaveLength(4);
	});

	it('keeps keyset paging within the scope', async () => {
		const scope = (await scopeOf(organizer.ofNorth))!;
		const first = await listUsers(handle.db, { scope, limit: 1 });
		expect(first.items).toHaveLength(1);
		const second = await listUsers(handle.db, { scope, limit: 1, before: first.nextBefore! });
		expect(second.items.map((p) => p.fullName)).not.toContain(first.items[0].fullName);
		expect(second.nextBefore).toBeNull();
	});

	it('refuses a password reset of someone outside the scope as if they did not exist', async () => {
		const scope = (await scopeOf(organizer.ofNorth))!;
		expect(await resetPassword(handle.db, person.south, { admin: false, scope })).toEqual({
			ok: false,
			error: 'not_found'
		});
		expect((await resetPassword(handle.db, person.northEast, { admin: false, scope })).ok).toBe(true);
	});
});

describe('grants', () => {
	it('refuses a grant naming both a contest and a unit, and a unit grant for another role', async () => {
		await expect(
			handle.db
				.insert(roleGrants)
				.values({ userId: person.root, role: 'organizer', contestId: contest.north, unitId: ids.north })
		).rejects.toThrow();
		await expect(
			handle.db.insert(roleGrants).values({ userId: person.root, role: 'judge', unitId: ids.north })
		).rejects.toThrow();
	});

	it('grants twice as once, lists and revokes a scoped grant without touching global roles', async () => {
		await grantScopedOrganizer(handle.db, person.root, { unitId: ids.south }, organizer.global);
		await grantScopedOrganizer(handle.db, person.root, { unitId: ids.south }, organizer.global);
		await grantRole(handle.db, person.root, 'judge', organizer.global);
		const grants = await scopedGrantsOf(handle.db, [person.root]);
		expect(grants).toEqual([expect.objectContaining({ unitId: ids.south, unitName: 'Đơn vị SCS' })]);
		await revokeScopedOrganizer(handle.db, person.root, grants[0].id);
		expect(await scopedGrantsOf(handle.db, [person.root])).toEqual([]);
		expect(await scopeOf(person.root)).toBeNull();
		expect(
			(await grantScopedOrganizer(handle.db, person.root, { contestId: 9_999_999 }, organizer.global)).ok
		).toBe(false);
	});
});
