// INSIGHTS_DATABASE_URL=postgres://… npx tsx scripts/gen-insights-data.ts
//   Fills an EMPTY, throwaway PostgreSQL database with a contest-scale data set for the organizer's dashboard, all
//   in SQL with generate_series (about a minute for 1,000,000 attempts): 5,000 units in a 4-level tree with
//   headcounts, 100,000 people, one quiz contest with 5 weekly rounds and a practice round, finished attempts
//   (about 1,050,000) and their round_results (the best per person and round, as recordResult keeps them).
//   Then it prints EXPLAIN (ANALYZE, BUFFERS) of the participation roll-up at the top and after a drill-down, and
//   the median time of each dashboard query over 20 runs. With --measure: only the plans and timings, on the data
//   set generated before.
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { openPostgres, rowsOf } from '../src/lib/server/db/client';
import { scoreHistogram } from '../src/lib/server/insights/histogram';
import { participationByUnit, participationQuery } from '../src/lib/server/insights/participation';
import { participationTimeline } from '../src/lib/server/insights/timeline';

const url = process.env.INSIGHTS_DATABASE_URL;
if (!url) {
	console.error('set INSIGHTS_DATABASE_URL to an empty, throwaway PostgreSQL database');
	process.exit(2);
}
const PEOPLE = 100_000;
const COUNTED_ROUNDS = 5;

const handle = await openPostgres(url, 2);
const db = handle.db;
const run = (text: string) => db.execute(sql.raw(text));
const step = async (label: string, work: () => Promise<unknown>) => {
	const start = performance.now();
	await work();
	console.log(`${label}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
};

await handle.migrate(path.resolve('drizzle'));
if (!process.argv.includes('--measure')) await generate();

const counts = rowsOf<Record<string, number>>(
	await run(`select (select count(*)::int from units) as units, (select count(*)::int from users) as people,
		(select count(*)::int from attempts) as attempts, (select count(*)::int from round_results) as results`)
)[0];
console.log(counts);

const explain = async (label: string, query: ReturnType<typeof sql>) => {
	const plan = rowsOf<{ 'QUERY PLAN': string }>(
		await db.execute(sql`explain (analyze, buffers) ${query}`)
	).map((r) => r['QUERY PLAN']);
	console.log(`\n--- EXPLAIN ${label}\n${plan.join('\n')}`);
};
const median = async (label: string, work: () => Promise<unknown>) => {
	const times: number[] = [];
	await work();
	for (let i = 0; i < 20; i++) {
		const start = performance.now();
		await work();
		times.push(performance.now() - start);
	}
	times.sort((a, b) => a - b);
	console.log(`${label}: median ${times[10].toFixed(1)} ms, max ${times[19].toFixed(1)} ms`);
};

const round = { contestId: 1, roundId: 2 };
const whole = { contestId: 1, roundId: null };
await explain('round 1, top (children of the eligible root)', participationQuery(round, 1, '/1/'));
await explain('round 1, drill-down into unit 11', participationQuery(round, 11, '/1/2/11/'));
await explain('whole contest, top', participationQuery(whole, 1, '/1/'));

console.log('\n--- timings (the domain functions as the page calls them)');
await median('participation, round, top', () => participationByUnit(db, round, 1));
await median('participation, round, drill-down (depth 2)', () => participationByUnit(db, round, 11));
await median('participation, round, drill-down (depth 3)', () => participationByUnit(db, round, 101));
await median('participation, whole contest, top', () => participationByUnit(db, whole, 1));
await median('participation, whole contest, drill-down', () => participationByUnit(db, whole, 11));
await median('timeline, round', () => participationTimeline(db, round, new Date('2026-12-31')));
await median('timeline, whole contest', () => participationTimeline(db, whole, new Date('2026-12-31')));
await median('histogram, round', () => scoreHistogram(db, 2));
await handle.close();

async function generate() {
	const [{ n }] = rowsOf<{ n: number }>(await run('select count(*)::int as n from units'));
	if (n > 0) {
		console.error('the database is not empty: this script only fills a fresh one');
		process.exit(2);
	}

	await step('5,000 units', async () => {
		// depth 0: 1 province bloc; 1: 9; 2: 90; 3: 900; 4: 4,000 cells (own headcount 8–38; upper levels 0–4)
		const level = (from: number, to: number, depth: number, parent: string, headcount: string) =>
			run(`insert into units (id, code, name, parent_id, path, depth, headcount, search_text)
				overriding system value
				select i, 'U' || i, 'Đơn vị ' || i, p.id, p.path || i || '/', ${depth}, ${headcount}, 'don vi ' || i || ' u' || i
				from generate_series(${from}, ${to}) i join units p on p.id = ${parent}`);
		await run(`insert into units (id, code, name, path, depth, headcount, search_text) overriding system value
			values (1, 'U1', 'Đơn vị 1', '/1/', 0, 3, 'don vi 1 u1')`);
		await level(2, 10, 1, '1', '(i % 5)');
		await level(11, 100, 2, '2 + (i - 11) / 10', '(i % 5)');
		await level(101, 1000, 3, '11 + (i - 101) / 10', '(i % 5)');
		await level(1001, 5000, 4, '101 + ((i - 1001) * 9) / 40', '8 + (i * 7919) % 31');
		await run(`select setval(pg_get_serial_sequence('units', 'id'), 5000)`);
	});

	await step('100,000 people', () =>
		run(`insert into users (full_name, birth_date, unit_id, phone, password_hash, search_text)
			select 'Người ' || i, '1990-01-01', 1001 + (i * 7) % 4000, '09' || lpad(i::text, 8, '0'), 'x', 'nguoi ' || i
			from generate_series(1, ${PEOPLE}) i`)
	);

	await step('contest, 5 weekly rounds and a practice round', async () => {
		await run(`insert into topics (name) values ('Chủ đề')`);
		await run(
			`insert into contests (kind, title, eligible_unit_id, published) values ('quiz', 'Cuộc thi lớn', 1, true)`
		);
		await run(`insert into rounds (contest_id, position, name, practice, opens_at, closes_at, time_limit_seconds, attempts_allowed)
			select 1, w, case when w = 0 then 'Thi thử' else 'Tuần ' || w end, w = 0,
				timestamptz '2026-09-07 03:00Z' + make_interval(days => 7 * greatest(w - 1, 0)),
				timestamptz '2026-09-07 03:00Z' + make_interval(days => 7 * greatest(w, 1), hours => -1), 1200,
				case when w = 0 then null else 5 end
			from generate_series(0, ${COUNTED_ROUNDS}) w`);
		await run(`insert into round_topics (round_id, topic_id, question_count) select id, 1, 20 from rounds`);
	});

	await step('about 1,000,000 finished attempts', async () => {
		await run('select setseed(0.42)');
		// in each weekly round 80% of the people take part with 1–4 attempts (about 200,000 attempts a round); 20% try the
		// practice round; finishing times crowd the start of the week; scores around 13 of 20
		for (let r = 0; r <= COUNTED_ROUNDS; r++) {
			await run(`insert into attempts (round_id, user_id, unit_id, attempt_no, status, started_at, deadline, finished_at,
					ended_by, question_count, correct_count, duration_ms)
				select r.id, u.id, u.unit_id, k, 'finished', t.started, t.started + interval '20 minutes',
					t.started + make_interval(secs => 60 + (random() * 1000)::int), 'submitted', 20,
					least(20, greatest(0, round(13 + 3.5 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))))::int,
					(60 + random() * 1000)::int * 1000
				from rounds r
				join users u on (u.id * 2654435761::bigint + r.position * 40503) % 100 < case when r.practice then 20 else 80 end
				cross join lateral generate_series(1, 1 + ((u.id * 7 + r.position * 13) % 4)) k
				cross join lateral (
					-- a person's attempts follow one another (one in progress at a time): attempt k starts 25 minutes after k - 1
					select r.opens_at + (r.closes_at - r.opens_at - interval '2 hours') * power(((u.id * 48271::bigint + r.position * 16807) % 10007) / 10007.0, 2)
						+ (k - 1) * interval '25 minutes' as started
				) t
				where r.position = ${r}`);
		}
		// the counted result of each person and round (best, then earliest), as recordResult keeps it
		await run(`insert into round_results (round_id, user_id, attempt_id, unit_id, correct_count, duration_ms, finished_at, entries)
			select distinct on (round_id, user_id) round_id, user_id, id, unit_id, correct_count, duration_ms, finished_at,
				count(*) over (partition by round_id, user_id)
			from attempts where round_id in (select id from rounds where not practice)
			order by round_id, user_id, correct_count desc, finished_at`);
	});
	await step('vacuum analyze', () => run('vacuum analyze'));
}
