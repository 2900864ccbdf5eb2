import fs from 'node:fs';
import path from 'node:path';

/** One thing a request can reach: a page (GET), a form action (POST ?/name), or an endpoint method. */
export type Target = {
	/** '/organize/essays/[id]/rounds/[roundId]' */
	pattern: string;
	params: string[];
	method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
	/** the form action's name (`default` posts to the page itself) */
	action?: string;
	kind: 'page' | 'action' | 'endpoint';
};

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

/** Every page, form action and endpoint under `src/routes`, read from the files themselves. */
export function routeTargets(routesDir: string): Target[] {
	const targets: Target[] = [];
	const walk = (dir: string) => {
		const entries = fs.readdirSync(dir, { withFileTypes: true });
		const files = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
		const rel = path.relative(routesDir, dir).split(path.sep).filter(Boolean);
		const segments = rel.filter((s) => !(s.startsWith('(') && s.endsWith(')')));
		const pattern = '/' + segments.join('/');
		const params = segments
			.filter((s) => s.startsWith('['))
			.map(
				(s) =>
					s
						.slice(1, -1)
						.replace(/^\.\.\./, '')
						.split('=')[0]
			);
		if (files.has('+page.svelte')) targets.push({ pattern, params, method: 'GET', kind: 'page' });
		if (files.has('+page.server.ts')) {
			const source = fs.readFileSync(path.join(dir, '+page.server.ts'), 'utf8');
			const block = source.split('export const actions')[1];
			if (block) {
				for (const match of block.matchAll(/^\t(\w+): async/gm))
					targets.push({ pattern, params, method: 'POST', action: match[1], kind: 'action' });
			}
		}
		if (files.has('+server.ts')) {
			const source = fs.readFileSync(path.join(dir, '+server.ts'), 'utf8');
			for (const method of METHODS)
				if (new RegExp(`export (const|async function) ${method}\\b`).test(source))
					targets.push({ pattern, params, method, kind: 'endpoint' });
		}
		for (const entry of entries) if (entry.isDirectory()) walk(path.join(dir, entry.name));
	};
	walk(routesDir);
	return targets;
}

/** A small deterministic generator (mulberry32): a failing run is reproduced with the same FUZZ_SEED. */
export function random(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
	return { next, pick };
}

export const ID_VALUES = [
	'1',
	'2',
	'3',
	'4',
	'7',
	'0',
	'-1',
	'2147483647',
	'2147483648',
	'99999999999',
	'1e3',
	'abc',
	'%00',
	'%2e%2e',
	'%C3%BC',
	'1%0A'
] as const;
export const WORD_VALUES = [
	'results',
	'answers',
	'scores',
	'ranking',
	'awards',
	'x',
	'%00',
	'A'.repeat(300)
] as const;

/** Field names the app's forms use, and values meant to break them. */
export const FIELDS = [
	'id',
	'title',
	'body',
	'name',
	'code',
	'phone',
	'email',
	'password',
	'passwordConfirm',
	'unitId',
	'roundId',
	'judgeId',
	'entryId',
	'contestId',
	'questionId',
	'topicId',
	'points',
	'comment',
	'reason',
	'prediction',
	'optionIds',
	'startsAt',
	'endsAt',
	'closesAt',
	'opensAt',
	'count',
	'position',
	'scale',
	'locale',
	'next',
	'q',
	'format',
	'tier',
	'submit',
	'confirm',
	'headcount',
	'parentId',
	'fullName',
	'birthDate',
	'cccd',
	'text',
	'answer',
	'value',
	'limit',
	'minWords',
	'maxWords',
	'threshold',
	'judgesPerEntry',
	'seq',
	'criteria'
] as const;

export const VALUES = [
	'',
	'\u0000',
	'a\u0000b',
	'x'.repeat(20_000),
	'99999999999',
	'2147483648',
	'-1',
	'0',
	'1',
	'1e309',
	'NaN',
	'Infinity',
	'<script>alert(1)</script>',
	"'; drop table users;--",
	'[]',
	'{}',
	'{"a":',
	'31/02/2026',
	'2026-13-45T25:61',
	'١٢٣',
	'23,5',
	'true',
	'null',
	'Nguyễn Văn A'.normalize('NFD'),
	'\uFFFE',
	'%00',
	'../../etc/passwd'
] as const;
