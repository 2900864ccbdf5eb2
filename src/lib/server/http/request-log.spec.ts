import type { RequestEvent } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/client';
import { users } from '../db/schema';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { createLogger, logUnexpectedError, requestLogHandle } from './request-log';

let handle: DbHandle;
beforeAll(async () => {
	handle = await createTestDb();
});
afterAll(() => handle.close());

/** A logger writing its JSON lines into an array. */
function captured() {
	const lines: Record<string, unknown>[] = [];
	const text: string[] = [];
	const log = createLogger('info', {
		write(line: string) {
			text.push(line);
			lines.push(JSON.parse(line));
		}
	});
	return { log, lines, text };
}

const PHONE = '0987654321';
const PASSWORD = 'BiMat@2026';

function signInEvent(peer = '203.0.113.9', headers: Record<string, string> = {}) {
	const url = new URL(`http://x.test/login?next=%2Fcontests&phone=${PHONE}`);
	return {
		url,
		route: { id: '/(auth)/login' },
		locals: {},
		request: new Request(url, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				cookie: `session=abcdef; device=ghijkl`,
				...headers
			},
			body: new URLSearchParams({ login: PHONE, password: PASSWORD }).toString()
		}),
		getClientAddress: () => peer
	} as unknown as RequestEvent;
}

describe('request log', () => {
	it("writes one line per request with its id, route, method, status and duration, and no sign-in's phone or password", async () => {
		const { log, lines, text } = captured();
		const event = signInEvent();
		const response = await requestLogHandle(log)({
			event,
			resolve: async (e) => {
				await e.request.formData(); // the action reads the body
				return new Response(null, { status: 303, headers: { location: '/contests' } });
			}
		});
		expect(lines).toHaveLength(1);
		const [line] = lines;
		expect(line).toMatchObject({
			level: 30,
			msg: 'request',
			method: 'POST',
			route: '/(auth)/login',
			status: 303
		});
		expect(line.reqId).toBe(response.headers.get('x-request-id'));
		expect(line.reqId).toBe(event.locals.requestId);
		expect(typeof line.ms).toBe('number');
		for (const secret of [PHONE, PASSWORD, 'abcdef', 'next=', '/contests'])
			expect(text[0]).not.toContain(secret);
	});

	it('logs a thrown error() with its status, and a 500 as an error', async () => {
		const { log, lines } = captured();
		const run = (thrown: unknown) =>
			Promise.resolve(
				requestLogHandle(log)({
					event: signInEvent(),
					resolve: async () => {
						throw thrown;
					}
				})
			).catch(() => {});
		await run({ status: 404, body: { message: 'Not Found' } });
		await run(new Error('boom'));
		expect(lines.map((l) => [l.status, l.level])).toEqual([
			[404, 30],
			[500, 50]
		]);
	});

	it("keeps a proxy's X-Request-Id only when the proxy is trusted", async () => {
		const { log } = captured();
		const idFrom = async (peer: string) => {
			const event = signInEvent(peer, { 'x-request-id': 'nginx0123456789abcdef' });
			await requestLogHandle(log, ['10.0.0.0/8'])({ event, resolve: async () => new Response('ok') });
			return event.locals.requestId;
		};
		expect(await idFrom('10.1.2.3')).toBe('nginx0123456789abcdef');
		expect(await idFrom('203.0.113.9')).not.toBe('nginx0123456789abcdef');
	});

	it("logs a failed query with the request id, its code and constraint, never the query's parameters", async () => {
		const unit = await makeUnit(handle.db, 'LOG');
		await makeUser(handle.db, unit.id, { phone: PHONE });
		let thrown: unknown;
		try {
			await handle.db.insert(users).values({
				fullName: 'Trùng Số',
				birthDate: '1991-01-01',
				unitId: unit.id,
				phone: PHONE,
				email: 'an.nguyen@example.vn',
				passwordHash: `$argon2id$v=19$${PASSWORD}`,
				searchText: 'trung so'
			});
		} catch (err) {
			thrown = err;
		}
		expect(thrown).toBeDefined();
		const { log, lines, text } = captured();
		const event = signInEvent();
		event.locals.requestId = 'req-1234';
		logUnexpectedError(log, event, thrown, 500);
		expect(lines[0]).toMatchObject({ level: 50, reqId: 'req-1234', route: '/(auth)/login', status: 500 });
		expect(String(lines[0].err)).toContain('23505');
		for (const secret of [PHONE, PASSWORD, 'an.nguyen@example.vn', 'argon2'])
			expect(text[0]).not.toContain(secret);
	});
});
