import { describe, expect, it } from 'vitest';
import net from 'node:net';
import { execFileSync } from 'node:child_process';
import { applyStartDefaults, listenWithBacklog } from '../../../../scripts/start-env.js';

describe('npm start defaults', () => {
	it('leaves what the environment sets', () => {
		const env = applyStartDefaults({ LISTEN_BACKLOG: '1024', PORT: '4000' }, '/srv/app/');
		expect(env).toMatchObject({
			LISTEN_BACKLOG: '1024',
			PORT: '4000',
			ORIGIN: 'http://localhost:4000',
			MIGRATIONS_DIR: '/srv/app/drizzle'
		});
	});

	it('listens with a backlog that holds a round opening', () => {
		expect(Number(applyStartDefaults({}, '/srv/app/').LISTEN_BACKLOG)).toBeGreaterThan(511);
	});
});

describe('listenWithBacklog', () => {
	class FakeServer {
		calls: unknown[][] = [];
		listen(...args: unknown[]) {
			this.calls.push(args);
			return this;
		}
	}

	it("adds the backlog to adapter-node's listen({ host, port }), keeps a given one, leaves fd and other forms", () => {
		listenWithBacklog(FakeServer, 4096);
		const server = new FakeServer();
		const done = () => {};
		server.listen({ host: '0.0.0.0', port: 3000 }, done);
		server.listen({ port: 3000, backlog: 16 });
		server.listen({ fd: 3 });
		server.listen(3000, '127.0.0.1');
		expect(server.calls).toEqual([
			[{ host: '0.0.0.0', port: 3000, backlog: 4096 }, done],
			[{ port: 3000, backlog: 16 }],
			[{ fd: 3 }],
			[3000, '127.0.0.1']
		]);
	});

	it('a real server listens with it (ss shows the backlog of a listening socket as Send-Q)', async () => {
		class Patched extends net.Server {}
		listenWithBacklog(Patched, 1234);
		const server = new Patched();
		await new Promise<void>((done) => server.listen({ host: '127.0.0.1', port: 0 }, done));
		const { port } = server.address() as net.AddressInfo;
		let out = '';
		try {
			out = execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' });
		} catch {
			// no ss on this machine: the fake above is the check
		}
		server.close();
		if (out) expect(out.trim().split(/\s+/)[2]).toBe(String(Math.min(1234, somaxconn())));
	});
});

function somaxconn() {
	try {
		return Number(execFileSync('cat', ['/proc/sys/net/core/somaxconn'], { encoding: 'utf8' }));
	} catch {
		return 4096;
	}
}
