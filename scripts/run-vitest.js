// npm run test:unit / npm run test:pg: the same vitest suite, on PGlite in-process or on a real PostgreSQL.
//   node scripts/run-vitest.js pglite   [vitest args]   ignores any TEST_DATABASE_URL in the environment
//   node scripts/run-vitest.js postgres [vitest args]   runs on PG_TEST_URL, or skips (exit 0) when it is unset,
//     so that `npm test` stays green on a machine without PostgreSQL.
// PG_TEST_URL must let the suite create and drop databases (e.g. postgres://postgres@127.0.0.1:5432/postgres).
// With TEST_REPORT_DIR set, vitest also writes vitest-<target><TEST_REPORT_TAG>.json there (.ci/run adds up the
// counts; the tag tells apart passes of one suite on two Node versions).
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const [target, ...args] = process.argv.slice(2);
const env = { ...process.env };

if (target === 'postgres') {
	if (!env.PG_TEST_URL) {
		console.log('test:pg skipped: set PG_TEST_URL to run the PostgreSQL suite');
		process.exit(0);
	}
	env.TEST_DATABASE_URL = env.PG_TEST_URL;
	const url = new URL(env.PG_TEST_URL);
	console.log(`vitest on PostgreSQL at ${url.host}, Node ${process.version}`);
} else if (target === 'pglite') {
	delete env.TEST_DATABASE_URL;
	console.log(`vitest on PGlite (in-process), Node ${process.version}`);
} else {
	console.error('usage: node scripts/run-vitest.js pglite|postgres [vitest arguments]');
	process.exit(2);
}

const reporters = env.TEST_REPORT_DIR
	? [
			'--reporter=default',
			'--reporter=json',
			`--outputFile.json=${path.resolve(env.TEST_REPORT_DIR, `vitest-${target}${env.TEST_REPORT_TAG ?? ''}.json`)}`
		]
	: [];
// The vite config leaves the paraglide plugin out under vitest, so compile the message catalog first.
const paraglide = path.join(root, 'node_modules', '@inlang', 'paraglide-js', 'bin', 'run.js');
execFileSync(
	process.execPath,
	[paraglide, 'compile', '--project', './project.inlang', '--outdir', './src/lib/paraglide'].concat([
		'--strategy',
		'cookie',
		'baseLocale',
		'--silent'
	]),
	{ cwd: root, stdio: 'inherit' }
);

const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const child = spawn(process.execPath, [vitest, 'run', ...reporters, ...args], {
	cwd: root,
	env,
	stdio: 'inherit'
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
