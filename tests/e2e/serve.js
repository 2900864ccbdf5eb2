// The server for the browser tests: builds (unless E2E_SKIP_BUILD is set), then runs the production build
// (scripts/start.js) on a database made fresh for each run.
// - default: embedded PGlite in a new folder under the system temp dir; the demo organization is seeded on start.
// - E2E_DATABASE_URL set: that PostgreSQL database, emptied (schemas dropped) and seeded with the demo first.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import postgres from 'postgres';

const root = fileURLToPath(new URL('../..', import.meta.url));

if (!process.env.E2E_SKIP_BUILD) {
	// The build's output (hundreds of bundler notices) is shown only when the build fails.
	const started = Date.now();
	const build = spawnSync('npm run build', {
		cwd: root,
		shell: true,
		encoding: 'utf8',
		maxBuffer: 256 * 1024 * 1024
	});
	if (build.status !== 0) {
		console.error(build.stdout, build.stderr);
		console.error(`npm run build failed (exit ${build.status})`);
		process.exit(1);
	}
	console.error(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
const port = process.env.E2E_PORT ?? '4173';
const dataDir = path.join(os.tmpdir(), `cuocthi-e2e-${port}`);

fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });
Object.assign(process.env, {
	PORT: port,
	HOST: '127.0.0.1',
	ORIGIN: `http://127.0.0.1:${port}`,
	DATA_DIR: dataDir,
	SEED_DEMO: 'auto'
});

const databaseUrl = process.env.E2E_DATABASE_URL;
if (databaseUrl) {
	process.env.DATABASE_URL = databaseUrl;
	const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
	await sql`drop schema if exists drizzle cascade`;
	await sql`drop schema if exists public cascade`;
	await sql`create schema public`;
	await sql.end();
	const tsx = createRequire(import.meta.url).resolve('tsx/cli');
	const seed = spawnSync(process.execPath, [tsx, 'scripts/seed-demo.ts'], { cwd: root, stdio: 'inherit' });
	if (seed.status !== 0) {
		console.error(`Seeding the demo into E2E_DATABASE_URL failed (exit ${seed.status})`);
		process.exit(1);
	}
	console.log(`Browser tests on PostgreSQL at ${new URL(databaseUrl).host}`);
} else {
	delete process.env.DATABASE_URL;
	console.log(`Browser tests on PGlite in ${dataDir}`);
}

// A computed specifier: the type checker should not follow it into build/, which may not exist yet.
await import(pathToFileURL(path.join(root, 'scripts', 'start.js')).href);
