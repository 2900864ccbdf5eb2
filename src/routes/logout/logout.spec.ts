import { describe, expect, it } from 'vitest';
import { POST } from './+server';

type Event = Parameters<typeof POST>[0];

/** The handler's answer: the HTTP status of what it threw (redirect or error). */
async function statusOf(headers: Record<string, string>): Promise<number> {
	const deleted: string[] = [];
	const event = {
		locals: { session: null, user: null },
		cookies: { delete: (name: string) => deleted.push(name), set: () => {} },
		url: new URL('http://app.test/logout'),
		request: new Request('http://app.test/logout', { method: 'POST', headers })
	} as unknown as Event;
	try {
		await POST(event);
		return 200;
	} catch (e) {
		return (e as { status: number }).status;
	}
}

describe('POST /logout', () => {
	it('signs out from this site, with or without a content type', async () => {
		expect(await statusOf({ origin: 'http://app.test' })).toBe(303);
		expect(await statusOf({ 'sec-fetch-site': 'same-origin' })).toBe(303);
	});

	it('is refused cross-origin whatever the content type (no forced sign-out from another site)', async () => {
		expect(await statusOf({ origin: 'https://evil.example' })).toBe(403);
		expect(await statusOf({ origin: 'https://evil.example', 'content-type': 'application/json' })).toBe(403);
		expect(await statusOf({ 'sec-fetch-site': 'cross-site' })).toBe(403);
	});
});
