import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unguardedHandlers } from './guard-coverage';

const ROUTES = path.resolve('src/routes');
/** Route groups whose every server entry must call a guard first. */
const PRIVILEGED = ['(admin)', '(organizer)', '(participant)', '(judge)'];
const SERVER_FILE = /^\+(page|layout)\.server\.ts$|^\+server\.ts$/;

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

	it.each(files.map((f) => [path.relative(ROUTES, f), f]))('%s', (_name, file) => {
		expect(unguardedHandlers(fs.readFileSync(file, 'utf8'), file)).toEqual([]);
	});
});

describe('unguardedHandlers', () => {
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
