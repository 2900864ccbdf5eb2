// The production server's operations, on a second server process started here from the same build (scripts/start.js):
// health probes, the request log, and a graceful stop on SIGTERM with an SSE stream and a slow request open.
// On E2E_DATABASE_URL when set (a second process on the browser tests' database, as a second app host would be),
// else on its own PGlite folder.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { DEMO, expect, test } from './fixtures';

const ORIGIN = 'http://ops.test';
const organizer = DEMO.organizer;

interface Server {
	child: ChildProcess;
	port: number;
	output: () => string;
	exited: Promise<{ code: number | null; at: number }>;
}

async function startServer(dataDir: string): Promise<Server> {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PORT: '0',
		HOST: '127.0.0.1',
		ORIGIN,
		DATA_DIR: dataDir,
		SEED_DEMO: 'auto',
		LOG_LEVEL: 'info',
		SHUTDOWN_TIMEOUT: '20'
	};
	if (process.env.E2E_DATABASE_URL) env.DATABASE_URL = process.env.E2E_DATABASE_URL;
	else delete env.DATABASE_URL;
	const child = spawn(process.execPath, ['scripts/start.js'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout!.on('data', (chunk) => (output += chunk));
	child.stderr!.on('data', (chunk) => (output += chunk));
	const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
		child.on('exit', (code) => resolve({ code, at: Date.now() }))
	);
	const deadline = Date.now() + 180_000; // a fresh PGlite seeds the demo first
	for (;;) {
		const port = /Listening on http:\/\/[^:]+:(\d+)/.exec(output)?.[1];
		if (port) return { child, port: Number(port), output: () => output, exited };
		if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

interface Reply {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
}

function request(
	port: number,
	pathname: string,
	options: { method?: string; headers?: Record<string, string>; body?: string } = {}
): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				host: '127.0.0.1',
				port,
				path: pathname,
				method: options.method ?? 'GET',
				headers: options.headers,
				agent: false // a connection of its own: Node's default agent would reuse one across the SIGTERM
			},
			(res) => {
				let body = '';
				res.on('data', (c) => (body += c));
				res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
			}
		);
		req.on('error', reject);
		req.end(options.body);
	});
}

/** The JSON log lines the server wrote (plain lines, like adapter-node's "Listening on", are left out). */
function logLines(output: string): Record<string, unknown>[] {
	return output
		.split('\n')
		.filter((line) => line.startsWith('{'))
		.map((line) => JSON.parse(line));
}

test('the server reports health, logs requests without personal data, and stops gracefully on SIGTERM', async () => {
	test.setTimeout(240_000);
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cuocthi-ops-'));
	const server = await startServer(dataDir);
	try {
		const { port } = server;
		// health: the process is up and ready
		expect((await request(port, '/healthz')).status).toBe(200);
		const ready = await request(port, '/readyz');
		expect(ready.status).toBe(200);
		expect(JSON.parse(ready.body)).toEqual({ status: 'ready' });
		expect(ready.headers['cache-control']).toBe('no-store');

		// sign in as the organizer, with the phone number and password in the body and the query string
		const form = new URLSearchParams({ login: organizer.phone, password: organizer.password });
		const signIn = await request(port, `/login?next=%2Forganize&phone=${organizer.phone}`, {
			method: 'POST',
			headers: { origin: ORIGIN, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: form.toString()
		});
		expect(signIn.status).toBe(303);
		const requestId = signIn.headers['x-request-id'];
		expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
		const cookie = [signIn.headers['set-cookie'] ?? []]
			.flat()
			.map((c) => c.split(';')[0])
			.join('; ');

		// the sign-in's log line: id, route, method, status, duration; no phone, password or query string
		await expect.poll(() => logLines(server.output()).some((l) => l.reqId === requestId)).toBe(true);
		const line = logLines(server.output()).find((l) => l.reqId === requestId)!;
		expect(line).toMatchObject({ method: 'POST', route: '/(auth)/login', status: 303, msg: 'request' });
		expect(typeof line.ms).toBe('number');
		for (const secret of [organizer.phone, organizer.password, 'next=', 'phone=', 'session'])
			expect(JSON.stringify(line)).not.toContain(secret);
		expect(server.output()).not.toContain(organizer.password);
		// the probes make no log lines (a balancer calls them every few seconds)
		expect(logLines(server.output()).some((l) => l.route === null && l.status === 200)).toBe(false);

		// an SSE stream of a contest's live dashboard, open
		let stream: http.IncomingMessage | undefined;
		for (let id = 1; id <= 10 && !stream; id++) {
			const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
				http
					.get({
						host: '127.0.0.1',
						port,
						path: `/organize/contests/${id}/dashboard/live`,
						headers: { cookie }
					})
					.on('response', resolve)
					.on('error', reject)
			);
			if (res.statusCode === 200 && String(res.headers['content-type']).startsWith('text/event-stream'))
				stream = res;
			else res.resume();
		}
		expect(stream, 'a quiz contest with a live dashboard in the demo').toBeDefined();
		const streamEnded = new Promise<void>((resolve) => stream!.on('close', resolve).resume());

		// a slow request: its body arrives over two seconds, the SIGTERM in the middle
		const slow = new Promise<Reply>((resolve, reject) => {
			const req = http.request(
				{
					host: '127.0.0.1',
					port,
					path: '/login',
					method: 'POST',
					headers: {
						origin: ORIGIN,
						accept: 'text/html',
						'content-type': 'application/x-www-form-urlencoded'
					}
				},
				(res) => {
					let body = '';
					res.on('data', (c) => (body += c));
					res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
				}
			);
			req.on('error', reject);
			req.write('login=khong-co-ai');
			setTimeout(() => req.end('&password=sai-mat-khau'), 2000);
		});
		await new Promise((r) => setTimeout(r, 300));

		const signalled = Date.now();
		server.child.kill('SIGTERM');
		await streamEnded;
		expect(Date.now() - signalled).toBeLessThan(2000);
		// the request in flight was answered in full (a refused sign-in), not cut off
		const slowReply = await slow;
		expect(slowReply.status).toBe(400);
		expect(slowReply.body).toContain('</html>');
		// new connections are refused while it drains and after
		await expect(request(port, '/healthz')).rejects.toThrow();
		const { code, at } = await server.exited;
		expect(code).toBe(0);
		expect(at - signalled).toBeLessThan(4000);
		console.log(`exit ${at - signalled} ms after SIGTERM`);
		const lines = logLines(server.output()).map((l) => String(l.msg));
		expect(lines).toContain('SIGTERM: draining (no new connections; requests in flight finish)');
		expect(lines).toContain('shutdown complete');
	} finally {
		if (server.child.exitCode === null) server.child.kill('SIGKILL');
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
});
