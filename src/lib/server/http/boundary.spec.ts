import { describe, expect, it } from 'vitest';
import { safeNext } from '../auth/request';
import { badIdParams, bodyLimit, boundaryRefusal, guardBody, parseId } from './boundary';
import { describeError } from './log';

const status = async (run: () => Promise<unknown>) => {
	try {
		await run();
		return 200;
	} catch (e) {
		return (e as { status?: number }).status ?? 500;
	}
};
const post = (body: BodyInit, contentType: string) =>
	new Request('http://x.test/a', { method: 'POST', body, headers: { 'content-type': contentType } });

describe('request boundary', () => {
	it('reads path ids only within PostgreSQL integer range', () => {
		expect(parseId('1')).toBe(1);
		expect(parseId('2147483647')).toBe(2147483647);
		for (const bad of ['2147483648', '99999999999', '0', '-1', '01', '1e3', ' 1', '1.0', 'abc', ''])
			expect(parseId(bad), bad).toBeNull();
		expect(badIdParams({ roundId: '2147483648', what: 'results', id: '7' })).toEqual(['roundId']);
		expect(badIdParams({ code: 'ABC', what: 'x' })).toEqual([]);
	});

	it('refuses ids out of range with 404 and control characters in the URL with 400', () => {
		const at = (path: string, params: Record<string, string> = {}) =>
			boundaryRefusal({ url: new URL(path, 'http://x.test'), params });
		expect(at('/results/essays/99999999999', { id: '99999999999' })).toBe(404);
		expect(at('/api/units?q=%00')).toBe(400);
		expect(at('/api/units?q=%E0%A4%A')).toBe(400);
		expect(at('/login?next=/%0A/x')).toBe(400);
		expect(at('/api/units?q=Chi%20b%E1%BB%99')).toBeNull();
	});

	it('answers a broken or text/plain form body with 400, not an exception', async () => {
		const plain = post('a=1', 'text/plain');
		guardBody(plain, 1024);
		expect(await status(() => plain.formData())).toBe(400);
		const broken = post('--x\r\nbroken', 'multipart/form-data; boundary=x');
		guardBody(broken, 1024);
		expect(await status(() => broken.formData())).toBe(400);
		const badJson = post('{"a":', 'application/json');
		guardBody(badJson, 1024);
		expect(await status(() => badJson.json())).toBe(400);
	});

	it('refuses a body past the route limit while reading it', async () => {
		const big = post(JSON.stringify({ a: 'x'.repeat(20_000) }), 'application/json');
		guardBody(big, bodyLimit('/(participant)/quiz/[attemptId]/save'));
		expect(await status(() => big.json())).toBe(413);
		const stream = new ReadableStream({
			pull(c) {
				c.enqueue(new Uint8Array(64 * 1024));
			}
		});
		const endless = new Request('http://x.test/a', {
			method: 'POST',
			body: stream,
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			duplex: 'half'
		} as RequestInit);
		guardBody(endless, 1024 * 1024);
		expect(await status(() => endless.formData())).toBe(413);
	});

	it('removes NUL and other control characters from every text field, keeping line breaks', async () => {
		const form = post(
			'name=An%00h&body=d%C3%B2ng%201%0Ad%C3%B2ng%202%07',
			'application/x-www-form-urlencoded'
		);
		guardBody(form, 1024);
		const data = await form.formData();
		expect(data.get('name')).toBe('Anh');
		expect(data.get('body')).toBe('dòng 1\ndòng 2');
		const json = post(JSON.stringify({ q: 'a\u0000b', list: ['\u0001c'] }), 'application/json');
		guardBody(json, 1024);
		expect(await json.json()).toEqual({ q: 'ab', list: ['c'] });
	});
});

describe('safe redirects after sign-in', () => {
	it('follows only paths on this site', () => {
		expect(safeNext('/contests?x=1#a')).toBe('/contests?x=1#a');
		for (const bad of ['//evil.example', '/\t/evil.example', '/\\evil', 'https://evil.example'])
			expect(safeNext(bad), bad).toBeNull();
		expect(safeNext('/\n/x')).toBeNull();
		expect(safeNext(null)).toBeNull();
	});
});

describe('error logs', () => {
	it('keep no query parameters or key values', () => {
		const cause = Object.assign(
			new Error('duplicate key value violates unique constraint "users_phone_unique"'),
			{
				code: '23505',
				constraint_name: 'users_phone_unique',
				detail: 'Key (phone)=(0912345678) already exists.'
			}
		);
		const wrapped = new Error(
			'Failed query: insert into "users" ("phone", "password_hash") values ($1, $2)\nparams: 0912345678,$argon2id$v=19$secret',
			{ cause }
		);
		const line = describeError(wrapped);
		expect(line).toContain('23505');
		expect(line).toContain('users_phone_unique');
		expect(line).not.toContain('0912345678');
		expect(line).not.toContain('argon2');
	});
});
