import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANY_GUARD, CONTEST_GUARD, LEADER_CONTEST_GUARD, unguardedHandlers } from './guard-coverage';

const ROUTES = path.resolve('src/routes');
/** Route groups whose every server entry must call a guard first. */
const PRIVILEGED = ['(admin)', '(organizer)', '(participant)', '(judge)', '(leader)'];
const SERVER_FILE = /^\+(page|layout)\.server\.ts$|^\+server\.ts$/;
/** Organizer pages about one contest (its id in the path): scoped organizers reach only their own. */
const CONTEST_LEVEL =
	/^\(organizer\)\/organize\/(contests|essays)\/\[id\]\/|^\(organizer\)\/organize\/certificates\/\[contestId\]\//;
/** Unit leader pages about one contest: a leader reaches only the contests open to their units. */
const LEADER_CONTEST_LEVEL = /^\(leader\)\/lead\/(contests|essays)\/\[id\]\//;

function serverFiles(dir: string): string[] {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return serverFiles(full);
		return SERVER_FILE.test(entry.name) ? [full] : [];
	});
}

describe('every privileged server entry calls a guard first', () => {
	const files = PRIVILEGED.flatMap((group) => serverFiles(path.join(ROUTES, group)));

	it('finds the privileged server files', () => {
		expect(files.length).toBeGreaterThan(3);
	});

	it.each(files.map((f) => [path.relative(ROUTES, f), f]))('%s', (name, file) => {
		const route = name.split(path.sep).join('/');
		const guards = CONTEST_LEVEL.test(route)
			? CONTEST_GUARD
			: LEADER_CONTEST_LEVEL.test(route)
				? LEADER_CONTEST_GUARD
				: ANY_GUARD;
		expect(unguardedHandlers(fs.readFileSync(file, 'utf8'), file, guards)).toEqual([]);
	});

	it('checks the scope on every organizer page about one contest', () => {
		const contestLevel = files.filter((f) => CONTEST_LEVEL.test(path.relative(ROUTES, f)));
		expect(contestLevel.length).toBeGreaterThan(20);
	});

	it('checks the contest is open to the leader on every leader page about one contest', () => {
		const leaderLevel = files.filter((f) =>
			LEADER_CONTEST_LEVEL.test(path.relative(ROUTES, f).split(path.sep).join('/'))
		);
		expect(leaderLevel.length).toBeGreaterThanOrEqual(3);
	});
});

describe('unguardedHandlers', () => {
	it('accepts only the contest guard where one is required', () => {
		const source = `
			export const load = async (event) => { await requireContestOrganizer(event, event.params.id); };
			export const actions = { save: async (event) => { requireRole(event, 'organizer', 'admin'); } };`;
		expect(unguardedHandlers(source, 'x.ts', CONTEST_GUARD)).toEqual(['actions.save']);
	});

	it('accepts handlers whose first statement is a guard', () => {
		const source = `
			export const load = async (event) => { const user = requireRole(event, 'admin'); return {}; };
			export const actions = { save: async (event) => { requireUser(event); }, other: (e) => void requireRole(e, 'admin') && 1 };
			export async function GET(event) { requireUser(event); return new Response(); }
			export const POST = (async (event) => { await Promise.resolve(requireUser(event)); }) satisfies Handler;`;
		expect(unguardedHandlers(source)).toEqual(['actions.other']);
	});

	it('names every handler that skips the guard or calls it too late', () => {
		const source = `
			export const load = async (event) => { const x = await db(); requireUser(event); return x; };
			export const actions = { ok: async (e) => { requireUser(e); }, bad: async () => { return 1; } };
			export const GET = async () => new Response('open');
			export const helper = () => 1;`;
		expect(unguardedHandlers(source)).toEqual(['load', 'actions.bad', 'GET']);
	});
});
