// The production build (adapter-node) as a child process the suite can SIGKILL and start again. Its output goes to
// a log file; the suite counts the lines that report a failure.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { request, sleep } from './http.mjs';

export function appProcess({ root, port, databaseUrl, dataDir, logFile }) {
	const origin = `http://127.0.0.1:${port}`;
	const base = new URL(origin);
	const out = fs.openSync(logFile, 'a');
	let proc = null;
	const app = {
		base,
		origin,
		starts: 0,
		/** exits the suite did not cause: each one is a defect (the process must survive every fault) */
		crashes: [],
		onCrash: () => {},
		get up() {
			return proc !== null && proc.exitCode === null && proc.signalCode === null;
		},
		/** spawns the server and waits until it answers HTTP (bounded: 60 s) */
		/** ms from spawn to the first HTTP answer, per start */
		boots: [],
		async start() {
			app.starts++;
			const spawnedAt = Date.now();
			proc = spawn(process.execPath, [path.join(root, 'scripts', 'start.js')], {
				cwd: root,
				env: {
					...process.env,
					NODE_ENV: 'production',
					PORT: String(port),
					HOST: '127.0.0.1',
					ORIGIN: origin,
					DATABASE_URL: databaseUrl,
					MIGRATIONS_DIR: path.join(root, 'drizzle'),
					DATA_DIR: dataDir,
					SEED_DEMO: 'off',
					// the sweep finishes abandoned attempts every 2 s instead of 30 s, so it runs during the faults
					QUIZ_SWEEP_SECONDS: '2'
				},
				stdio: ['ignore', out, out]
			});
			const mine = proc;
			mine.once('exit', (code, signal) => {
				if (mine.expected) return;
				app.crashes.push({ code, signal, at: new Date().toISOString() });
				app.onCrash();
			});
			for (let i = 0; i < 600; i++) {
				if (mine.exitCode !== null) throw new Error(`the server exited (${mine.exitCode}); see ${logFile}`);
				try {
					await request(base, { path: '/', timeoutMs: 2000 });
					app.boots.push(Date.now() - spawnedAt);
					return;
				} catch {
					await sleep(100);
				}
			}
			throw new Error('the server did not answer within 60 s');
		},
		/** SIGKILL: no shutdown hook runs, in-flight requests die with the process */
		async kill() {
			const victim = proc;
			if (!victim || victim.exitCode !== null) return;
			victim.expected = true;
			const exited = new Promise((r) => victim.once('exit', r));
			victim.kill('SIGKILL');
			await Promise.race([exited, sleep(5000)]);
		},
		async stop() {
			const victim = proc;
			if (!victim || victim.exitCode !== null || victim.signalCode !== null) return;
			victim.expected = true;
			const exited = new Promise((r) => victim.once('exit', r));
			victim.kill('SIGTERM');
			await Promise.race([exited, sleep(8000)]);
			if (victim.exitCode === null && victim.signalCode === null) victim.kill('SIGKILL');
		}
	};
	process.once('exit', () => proc && proc.exitCode === null && proc.kill('SIGKILL'));
	return app;
}
