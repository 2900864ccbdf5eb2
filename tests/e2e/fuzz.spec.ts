import path from 'node:path';
import { type APIRequestContext, request as playwrightRequest } from '@playwright/test';
import { DEMO, type DemoRole, expect, test } from './fixtures';
import { FIELDS, ID_VALUES, random, routeTargets, type Target, VALUES, WORD_VALUES } from './fuzz/routes';

// The project's own fuzzer (docs/SECURITY.md): every page, form action and endpoint found in src/routes, as every
// role, with malformed ids, query strings and bodies. Any 5xx fails the run. It runs last (its own Playwright project,
// after the others), since its requests may change the demo data. FUZZ_COUNT and FUZZ_SEED set its size and seed:
// CI runs 1,500; the documented full run is FUZZ_COUNT=6000.

const COUNT = Number(process.env.FUZZ_COUNT ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
const PARALLEL = 8;

/** Requests that would end or lock the fuzzer's own sessions, or never end (the live stream). */
const SKIP = /^\/logout$|^\/account\/password$|\/live$/;

type Sent = { target: string; role: string; status: number; variant: string };

function fill(pattern: string, rng: ReturnType<typeof random>): string {
	return pattern.replace(/\[(?:\.\.\.)?(\w+)(?:=\w+)?\]/g, (_, name: string) =>
		name === 'id' || name.endsWith('Id') ? rng.pick(ID_VALUES) : rng.pick(WORD_VALUES)
	);
}

function query(rng: ReturnType<typeof random>): string {
	if (rng.next() < 0.5) return '';
	const keys = [
		'q',
		'page',
		'after',
		'before',
		'round',
		'format',
		'judges',
		'filter',
		'unit',
		'sort',
		'next'
	];
	const parts = Array.from({ length: 1 + Math.floor(rng.next() * 3) }, () => {
		const value = rng.pick([...ID_VALUES, ...WORD_VALUES, '%FF%FE', '-5', '']);
		return `${rng.pick(keys)}=${value}`;
	});
	return '?' + parts.join('&');
}

function fields(rng: ReturnType<typeof random>): [string, string][] {
	return Array.from({ length: 2 + Math.floor(rng.next() * 7) }, () => [rng.pick(FIELDS), rng.pick(VALUES)]);
}

type Body = { variant: string; headers: Record<string, string>; data?: string | Buffer; multipart?: unknown };

function body(rng: ReturnType<typeof random>): Body {
	const variant = rng.pick([
		'form',
		'form',
		'form',
		'multipart',
		'plain',
		'broken',
		'json',
		'badjson',
		'empty',
		'huge'
	]);
	const pairs = fields(rng);
	const encoded = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
	switch (variant) {
		case 'form':
			return { variant, headers: { 'content-type': 'application/x-www-form-urlencoded' }, data: encoded };
		case 'multipart': {
			const boundary = 'fuzzBoundary' + Math.floor(rng.next() * 1e6);
			const parts = pairs.map(
				([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`
			);
			const file = rng.pick([
				'PK\u0003\u0004garbage',
				'%PDF-1.7\n1 0 obj << /JS (app.alert(1)) >> endobj',
				'\u0000'.repeat(64),
				'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
			]);
			parts.push(
				`--${boundary}\r\nContent-Disposition: form-data; name="${rng.pick(['file', 'upload', 'document'])}"; filename="${rng.pick(['a.docx', 'a.pdf', 'a.xlsx', '../../x'])}"\r\nContent-Type: application/octet-stream\r\n\r\n${file}\r\n`
			);
			return {
				variant,
				headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
				data: Buffer.from(parts.join('') + `--${boundary}--\r\n`, 'utf8')
			};
		}
		case 'plain':
			return { variant, headers: { 'content-type': 'text/plain' }, data: encoded };
		case 'broken':
			return {
				variant,
				headers: { 'content-type': 'multipart/form-data; boundary=x' },
				data: '--x\r\nbroken'
			};
		case 'json':
			return {
				variant,
				headers: { 'content-type': 'application/json' },
				data: JSON.stringify(Object.fromEntries(pairs.map(([k, v]) => [k, rng.next() < 0.3 ? Number(v) : v])))
			};
		case 'badjson':
			return { variant, headers: { 'content-type': 'application/json' }, data: '{"seq": 1, "optionIds": [' };
		case 'huge':
			return {
				variant,
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				data: 'title=' + 'x'.repeat(2 * 1024 * 1024)
			};
		default:
			return { variant, headers: {} };
	}
}

async function session(baseURL: string, role: DemoRole | 'anonymous'): Promise<APIRequestContext> {
	const context = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
	if (role === 'anonymous') return context;
	const reply = await context.post('/login', {
		headers: { accept: 'text/html' },
		form: { login: DEMO[role].phone, password: DEMO[role].password },
		maxRedirects: 0
	});
	expect(reply.status(), `sign-in as ${role}`).toBe(303);
	return context;
}

test(`${COUNT} malformed requests to every route as every role: no 5xx`, async ({ baseURL }) => {
	test.setTimeout(15 * 60_000);
	const targets = routeTargets(path.resolve('src/routes')).filter((t) => !SKIP.test(t.pattern));
	expect(targets.length).toBeGreaterThan(100);
	const roles = ['anonymous', 'participant', 'judge', 'organizer', 'admin'] as const;
	const contexts = new Map<string, APIRequestContext>();
	for (const role of roles) contexts.set(role, await session(baseURL!, role));

	const rng = random(SEED);
	const sent: Sent[] = [];
	const one = async (target: Target) => {
		const role = rng.pick(roles);
		const url =
			fill(target.pattern, rng) +
			(target.kind === 'action'
				? target.action === 'default'
					? ''
					: `?/${target.action}`
				: target.method === 'GET'
					? query(rng)
					: '');
		const payload = target.method === 'GET' ? undefined : body(rng);
		let status: number;
		// a body past the route's limit is refused before it is read, which may reset the connection: such requests
		// get a connection of their own, and a reset is then the refusal itself
		const huge = payload?.variant === 'huge';
		const context = huge ? await session(baseURL!, 'anonymous') : contexts.get(role)!;
		try {
			const reply = await context.fetch(url, {
				method: target.method,
				// as a plain form post (HTML) or as the page's own fetch (JSON): both ways through SvelteKit
				headers: { accept: rng.next() < 0.5 ? 'text/html' : '*/*', ...payload?.headers },
				data: payload?.data,
				maxRedirects: 0,
				failOnStatusCode: false,
				timeout: 30_000
			});
			status = reply.status();
			await reply.dispose();
		} catch (err) {
			const message = (err as Error).message.split('\n')[0];
			// otherwise a reset connection or a timeout is as bad as a 500
			status = huge && /ECONNRESET|EPIPE|socket hang up/.test(message) ? 413 : 599;
			if (status === 599) console.error(`${target.method} ${url}: ${message}`);
		} finally {
			if (huge) await context.dispose();
		}
		sent.push({ target: `${target.method} ${url}`, role, status, variant: payload?.variant ?? 'get' });
	};
	while (sent.length < COUNT) {
		const batch = Array.from({ length: Math.min(PARALLEL, COUNT - sent.length) }, () => rng.pick(targets));
		await Promise.all(batch.map(one));
	}

	const byClass = new Map<string, number>();
	for (const s of sent)
		byClass.set(`${Math.floor(s.status / 100)}xx`, (byClass.get(`${Math.floor(s.status / 100)}xx`) ?? 0) + 1);
	const failures = sent.filter((s) => s.status >= 500);
	console.log(
		`fuzz: ${sent.length} requests over ${targets.length} targets (seed ${SEED}): ` +
			[...byClass]
				.sort()
				.map(([k, v]) => `${k} ${v}`)
				.join(', ')
	);
	for (const f of failures.slice(0, 30))
		console.log(`  ${f.status} ${f.role} ${f.variant} ${f.target.slice(0, 200)}`);
	for (const context of contexts.values()) await context.dispose();
	expect(failures.map((f) => `${f.status} ${f.role} ${f.variant} ${f.target.slice(0, 120)}`)).toEqual([]);
});
