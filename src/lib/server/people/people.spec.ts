import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticate, grantRole, resetPassword } from '../accounts';
import { GLOBAL_SCOPE, type OrganizerScope, scopeFromGrants } from '../auth/scope';
import { createSession, generateSessionToken, validateSessionToken } from '../auth/session';
import type { DbHandle } from '../db/client';
import { auditLog, units, users } from '../db/schema';
import { reissueInitialPasswords } from '../slips/reissue';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { bulkTargets, setPeopleDisabled } from './bulk';
import { countPeople, listPeople, type PeopleFilter, type PeopleSort } from './directory';

let handle: DbHandle;
let province: { id: number; path: string };
let district: { id: number; path: string };
let other: { id: number; path: string };
let northScope: OrganizerScope;
let organizerId: number;
const ids: Record<string, number> = {};

async function person(unitId: number, fullName: string) {
	const user = await makeUser(handle.db, unitId, { fullName });
	ids[fullName] = user.id;
	return user;
}

async function pathOf(id: number) {
	const [row] = await handle.db.select({ path: units.path }).from(units).where(eq(units.id, id));
	return { id, path: row.path };
}

/** Every page of a sort, following the cursors: the names in order, and how many pages it took. */
async function walk(filter: PeopleFilter, scope: OrganizerScope, sort: PeopleSort, limit: number) {
	const names: string[] = [];
	let after: string | undefined;
	let pages = 0;
	do {
		const page = await listPeople(handle.db, { filter, scope, sort, after, limit });
		names.push(...page.items.map((p) => p.fullName));
		after = page.next ?? undefined;
		pages++;
	} while (after && pages < 50);
	return { names, pages };
}

beforeAll(async () => {
	handle = await createTestDb();
	province = await pathOf((await makeUnit(handle.db, 'PPL-N')).id);
	district = await pathOf((await makeUnit(handle.db, 'PPL-N-D', province.id)).id);
	other = await pathOf((await makeUnit(handle.db, 'PPL-S')).id);
	await person(province.id, 'An Văn Tỉnh');
	await person(district.id, 'Bình Thị Huyện');
	await person(district.id, 'Cường Văn Huyện');
	await person(district.id, 'Dũng Văn Huyện');
	await person(other.id, 'Em Thị Nam');
	const judge = await person(district.id, 'Giang Văn Giám Khảo');
	organizerId = (await person(other.id, 'Hà Ban Tổ Chức')).id;
	await grantRole(handle.db, judge.id, 'judge', organizerId);
	const imported = await person(district.id, 'Khánh Chưa Đổi');
	await resetPassword(handle.db, imported.id, { admin: true });
	await createSession(handle.db, generateSessionToken(), ids['Cường Văn Huyện']);
	northScope = scopeFromGrants([{ contestId: null, unitPath: province.path, contestEligiblePath: null }])!;
});
afterAll(() => handle.close());

describe('the people list', () => {
	it('shows a unit with its whole subtree, and counts what matches', async () => {
		const filter = { unitId: province.id };
		const { names } = await walk(filter, GLOBAL_SCOPE, 'name', 50);
		expect(names).toEqual([
			'An Văn Tỉnh',
			'Bình Thị Huyện',
			'Cường Văn Huyện',
			'Dũng Văn Huyện',
			'Giang Văn Giám Khảo',
			'Khánh Chưa Đổi'
		]);
		expect(await countPeople(handle.db, filter, GLOBAL_SCOPE)).toBe(6);
		expect(await countPeople(handle.db, { unitId: district.id }, GLOBAL_SCOPE)).toBe(5);
	});

	it('filters by role and by status', async () => {
		const names = async (filter: PeopleFilter) =>
			(await walk({ unitId: province.id, ...filter }, GLOBAL_SCOPE, 'name', 50)).names;
		expect(await names({ role: 'judge' })).toEqual(['Giang Văn Giám Khảo']);
		expect(await names({ role: 'participant' })).not.toContain('Giang Văn Giám Khảo');
		expect(await names({ status: 'must_change' })).toEqual(['Khánh Chưa Đổi']);
		expect(await names({ status: 'never_signed_in' })).not.toContain('Cường Văn Huyện');
		expect(await names({ status: 'never_signed_in' })).toHaveLength(5);
		expect(await names({ query: 'huyen' })).toEqual(['Bình Thị Huyện', 'Cường Văn Huyện', 'Dũng Văn Huyện']);
	});

	it('walks every page of each sort by keyset without losing or repeating anyone', async () => {
		const filter = { unitId: province.id };
		const all = (await walk(filter, GLOBAL_SCOPE, 'name', 50)).names;
		for (const sort of ['name', 'unit', 'signin'] as const) {
			const paged = await walk(filter, GLOBAL_SCOPE, sort, 2);
			expect(paged.pages).toBe(3);
			expect([...paged.names].sort()).toEqual([...all].sort());
		}
		expect((await walk(filter, GLOBAL_SCOPE, 'signin', 2)).names[0]).toBe('Cường Văn Huyện');
		const byUnit = (await walk(filter, GLOBAL_SCOPE, 'unit', 2)).names;
		expect(byUnit.indexOf('An Văn Tỉnh')).not.toBe(-1);
	});

	it('a scoped organizer neither sees nor counts people outside their subtree', async () => {
		const { names } = await walk({}, northScope, 'name', 50);
		expect(names).toHaveLength(6);
		expect(names).not.toContain('Em Thị Nam');
		expect(await countPeople(handle.db, { unitId: other.id }, northScope)).toBe(0);
	});
});

describe('bulk actions', () => {
	it('an organizer cannot reach people outside their scope, people with a role, or themselves', async () => {
		const actor = { id: organizerId, admin: false, scope: northScope };
		const outside = await bulkTargets(
			handle.db,
			{ ids: [ids['Em Thị Nam'], ids['Giang Văn Giám Khảo']] },
			actor
		);
		expect(outside).toEqual({ ok: false, error: 'nobody' });
		const matching = await bulkTargets(handle.db, { matching: {} }, actor);
		if (!matching.ok) throw new Error(matching.error);
		expect(matching.ids).not.toContain(ids['Em Thị Nam']);
		expect(matching.ids).not.toContain(ids['Giang Văn Giám Khảo']);
		expect(matching.ids).toHaveLength(5);
		const admin = await bulkTargets(
			handle.db,
			{ ids: [ids['Giang Văn Giám Khảo'], organizerId] },
			{ id: organizerId, admin: true, scope: GLOBAL_SCOPE }
		);
		expect(admin).toEqual({ ok: true, ids: [ids['Giang Văn Giám Khảo']] });
	});

	it('disables what matches, signing them out, then enables them again; both audited', async () => {
		const token = generateSessionToken();
		await createSession(handle.db, token, ids['Dũng Văn Huyện']);
		const targets = await bulkTargets(
			handle.db,
			{ matching: { query: 'dung' } },
			{ id: organizerId, admin: false, scope: northScope }
		);
		if (!targets.ok) throw new Error(targets.error);
		expect(await setPeopleDisabled(handle.db, targets.ids, true, organizerId)).toBe(1);
		expect((await validateSessionToken(handle.db, token)).session).toBeNull();
		expect(await countPeople(handle.db, { status: 'disabled' }, northScope)).toBe(1);
		expect(await setPeopleDisabled(handle.db, targets.ids, true, organizerId)).toBe(0);
		expect(await setPeopleDisabled(handle.db, targets.ids, false, organizerId)).toBe(1);
		const trail = await handle.db
			.select({ action: auditLog.action, after: auditLog.after })
			.from(auditLog)
			.where(and(eq(auditLog.entity, 'users'), eq(auditLog.actorId, organizerId)));
		expect(trail.map((t) => t.action)).toEqual(['people_disabled', 'people_enabled']);
		expect(trail[0].after).toMatchObject({ people: 1, ids: [ids['Dũng Văn Huyện']] });
	});

	it('resets chosen people, even one who chose a password, to slips they must change', async () => {
		const chose = ids['Bình Thị Huyện'];
		const result = await reissueInitialPasswords(handle.db, {
			userIds: [chose],
			actorId: organizerId,
			admin: false,
			scope: northScope
		});
		if (!result.ok) throw new Error(result.error);
		expect(result.slips.map((s) => s.fullName)).toEqual(['Bình Thị Huyện']);
		const [row] = await handle.db.select().from(users).where(eq(users.id, chose));
		expect(row.mustChangePassword).toBe(true);
		expect((await authenticate(handle.db, { phone: row.phone }, 'MatKhau123')).ok).toBe(false);
		expect((await authenticate(handle.db, { phone: row.phone }, result.slips[0].password)).ok).toBe(true);
	});
});
