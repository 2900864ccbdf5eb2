// The contest-scale data set, all in set-based SQL (generate_series), on an empty database.
//   units: a 4-level tree; people spread over the leaves; one precomputed argon2id hash for everyone;
//   one published quiz contest: 5 closed, ranked rounds of 10 questions each, in which 80% of the people took part
//   with 1–4 attempts (2.5 on average: 10 finished attempts per person in all, 1,000,000 for 100,000 people), each
//   with its 10 answered attempt_questions rows; round_results as recordResult keeps them, ranked by the app's own
//   rankRound (which also rebuilds contest_results);
//   4 open rounds of 20 questions for the live tests: "saves" (in-progress attempts seeded for the first `open`
//   people), "start" (nobody has started: the synchronized start), "flow" (start → 20 saves → submit), "sign-in
//   flow" (the same after signing in with phone and password: people without a seeded session).
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { hashPassword } from '../../src/lib/server/auth/password';
import * as schema from '../../src/lib/server/db/schema';
import { rankRound } from '../../src/lib/server/quiz/results';
export const FULL = {
	levels: [20, 180, 800, 4000],
	people: 100_000,
	questions: 300,
	rankedRounds: 5,
	open: 10_000,
	crowd: 10_000,
	flow: 5_000
};
export const QUICK = {
	levels: [2, 4, 8, 36],
	people: 1_000,
	questions: 300,
	rankedRounds: 5,
	open: 300,
	crowd: 200,
	flow: 300
};
/** everyone's password (one argon2id hash for all): the sign-in flow types it */
const PASSWORD = 'bench-password-1';
export async function seed(url, sizes, log) {
	// superuser connections: session_replication_role=replica skips foreign-key triggers while bulk loading
	// (the data is consistent by construction), without WAL waits
	let bulk = postgres(url, {
		max: 2,
		onnotice: () => {},
		connection: {
			session_replication_role: 'replica',
			synchronous_commit: 'off',
			maintenance_work_mem: '512MB',
			work_mem: '256MB'
		}
	});
	let db = drizzle({ client: bulk, schema, casing: 'snake_case' });
	const timings = [];
	const t0 = performance.now();
	const step = async (label, work) => {
		const start = performance.now();
		const out = await work();
		const took = (performance.now() - start) / 1000;
		timings.push([label, took]);
		log(`  seed: ${label} ${took.toFixed(1)} s`);
		return out;
	};
	const q = (text) => bulk.unsafe(text);
	const [{ n }] = await q('select count(*)::int as n from units');
	if (n > 0) throw new Error('the database is not empty: the benchmark seeds a fresh one');
	const [l0, l1, l2, l3] = sizes.levels;
	const P = sizes.people;
	const firsts = [1, 1 + l0, 1 + l0 + l1, 1 + l0 + l1 + l2];
	const leafFirst = firsts[3];
	const unitCount = l0 + l1 + l2 + l3;
	const peoplePerLeaf = Math.max(1, Math.round(P / l3));
	// secondary indexes of the big tables are built once after the load (faster than maintaining them row by row)
	const dropped = await step('drop secondary indexes', async () => {
		const rows = await q(`select i.indexname, i.indexdef from pg_indexes i
			where i.schemaname = 'public' and i.tablename in ('attempts', 'attempt_questions', 'round_results', 'contest_results')
				and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`);
		for (const r of rows) await q(`drop index "${r.indexname}"`);
		return rows.map((r) => r.indexdef);
	});
	await step(`${unitCount.toLocaleString('en')} units in 4 levels`, async () => {
		await q(`insert into units (id, code, name, path, depth, headcount, search_text) overriding system value
			select i, 'U' || i, 'Đơn vị ' || i, '/' || i || '/', 0, i % 5, 'don vi ' || i || ' u' || i
			from generate_series(1, ${l0}) i`);
		const sizesByLevel = [l0, l1, l2, l3];
		for (let depth = 1; depth <= 3; depth++) {
			const first = firsts[depth];
			const last = first + sizesByLevel[depth] - 1;
			const parentFirst = firsts[depth - 1];
			const parentCount = sizesByLevel[depth - 1];
			const headcount =
				depth === 3
					? `${peoplePerLeaf} + (i * 7919) % ${Math.max(2, Math.round(peoplePerLeaf * 0.6))}`
					: 'i % 5';
			await q(`insert into units (id, code, name, parent_id, path, depth, headcount, search_text) overriding system value
				select i, 'U' || i, 'Đơn vị ' || i, p.id, p.path || i || '/', ${depth}, ${headcount}, 'don vi ' || i || ' u' || i
				from generate_series(${first}, ${last}) i
				join units p on p.id = ${parentFirst} + ((i - ${first})::bigint * ${parentCount}) / ${sizesByLevel[depth]}`);
		}
		await q(`select setval(pg_get_serial_sequence('units', 'id'), ${unitCount})`);
	});
	const organizerId = P + 1;
	await step(`${P.toLocaleString('en')} people (one argon2id hash)`, async () => {
		const hash = await hashPassword(PASSWORD);
		await bulk`insert into users (id, full_name, birth_date, unit_id, phone, password_hash, search_text)
			overriding system value
			select i, 'Người ' || i, date '1970-01-01' + (i % 12000), ${leafFirst} + (i - 1) % ${l3},
				'09' || lpad(i::text, 8, '0'), ${hash}, 'nguoi ' || i
			from generate_series(1, ${P}::int) i`;
		await bulk`insert into users (id, full_name, birth_date, unit_id, phone, password_hash, search_text)
			overriding system value values (${organizerId}, 'Ban tổ chức', '1980-01-01', 1, '0300000001', ${hash}, 'ban to chuc')`;
		await q(`select setval(pg_get_serial_sequence('users', 'id'), ${organizerId})`);
		await q(`insert into role_grants (user_id, role) values (${organizerId}, 'organizer')`);
	});
	const R = sizes.rankedRounds;
	await step(`contest, ${R} ranked rounds + 4 open ones, ${sizes.questions} questions`, async () => {
		await q(`insert into topics (id, name) overriding system value values (1, 'Kiến thức chung')`);
		await q(`insert into questions (id, topic_id, text) overriding system value
			select i, 1, 'Câu hỏi số ' || i || '?' from generate_series(1, ${sizes.questions}) i`);
		await q(`select setval(pg_get_serial_sequence('questions', 'id'), ${sizes.questions})`);
		// option (id % 4) is the right one
		await q(`insert into question_options (question_id, position, text, is_correct)
			select i, o, 'Phương án ' || o, o = i % 4 from generate_series(1, ${sizes.questions}) i, generate_series(0, 3) o`);
		await q(`insert into contests (id, kind, title, published, created_by) overriding system value
			values (1, 'quiz', 'Cuộc thi thử tải', true, ${organizerId})`);
		await q(`select setval(pg_get_serial_sequence('contests', 'id'), 1)`);
		// ranked rounds: weekly, all closed a day ago at the latest; open rounds: opened an hour ago, 4 h limit
		await q(`insert into rounds (id, contest_id, position, name, opens_at, closes_at, time_limit_seconds, attempts_allowed,
				results_state, results_at, finalized_at) overriding system value
			select w, 1, w, 'Tuần ' || w, now() - make_interval(days => 7 * (${R} - w + 1) + 1),
				now() - make_interval(days => 7 * (${R} - w) + 1), 1200, 4, 'frozen', now(), now()
			from generate_series(1, ${R}) w`);
		await q(`insert into rounds (id, contest_id, position, name, opens_at, closes_at, time_limit_seconds, attempts_allowed)
			overriding system value
			select ${R} + k, 1, ${R} + k, (array['Lưu đáp án', 'Bắt đầu cùng lúc', 'Cả lượt', 'Đăng nhập rồi thi'])[k],
				now() - interval '1 hour', now() + interval '8 hours', 14400, 3
			from generate_series(1, 4) k`);
		await q(`select setval(pg_get_serial_sequence('rounds', 'id'), ${R + 4})`);
		await q(`insert into round_topics (round_id, topic_id, question_count)
			select id, 1, case when id <= ${R} then 10 else 20 end from rounds`);
	});
	// finished attempts: 80% of the people per round, 1–4 attempts each; the first `correct_count` answers are right
	const attemptsSql = (
		round
	) => `insert into attempts (round_id, user_id, unit_id, attempt_no, status, started_at,
			deadline, finished_at, ended_by, question_count, correct_count, duration_ms)
		select ${round}, u.id, u.unit_id, k, 'finished', t.started, t.started + interval '20 minutes',
			t.started + make_interval(secs => t.secs), 'submitted', 10, (random() * 10.4)::int, t.secs * 1000
		from users u
		cross join lateral generate_series(1, 1 + ((u.id * 7 + ${round} * 13) % 4)) k
		cross join lateral (
			select r.opens_at + (r.closes_at - r.opens_at - interval '30 minutes') * random() as started,
				(60 + random() * 1000)::int as secs
			from rounds r where r.id = ${round}
		) t
		where u.id <= ${P} and (u.id::bigint * 2654435761 + ${round} * 40503) % 100 < 80`;
	const answersSql = (
		round
	) => `insert into attempt_questions (attempt_id, position, question_id, option_order,
			selected, save_seq, answered_at, correct)
		select a.id, p, x.q, '{0,1,2,3}', array[case when p < a.correct_count then x.q % 4 else (x.q + 1) % 4 end]::smallint[],
			p + 1, a.started_at + make_interval(secs => p * 30), p < a.correct_count
		from attempts a cross join generate_series(0, 9) p
		cross join lateral (select 1 + ((a.id * 13 + p * 17) % ${sizes.questions})::int as q) x
		where a.round_id = ${round}`;
	const roundIds = Array.from({ length: R }, (_, i) => i + 1);
	await step('finished attempts and their answers', async () => {
		// two connections: rounds split between them (2 cores)
		const lanes = [roundIds.filter((r) => r % 2 === 1), roundIds.filter((r) => r % 2 === 0)];
		await Promise.all(
			lanes.map(async (lane) => {
				for (const r of lane) {
					await q(attemptsSql(r));
					await q(answersSql(r));
				}
			})
		);
	});
	// the in-progress attempts of the "saves" round, 20 unanswered questions each
	const savesRoundId = R + 1;
	await step(`${sizes.open.toLocaleString('en')} attempts in progress`, async () => {
		await q(`insert into attempts (round_id, user_id, unit_id, attempt_no, started_at, deadline, question_count)
			select ${savesRoundId}, u.id, u.unit_id, 1, now(), now() + interval '4 hours', 20
			from users u where u.id <= ${sizes.open} order by u.id`);
		await q(`insert into attempt_questions (attempt_id, position, question_id, option_order)
			select a.id, p, 1 + ((a.id * 13 + p * 17) % ${sizes.questions})::int, '{2,0,3,1}'
			from attempts a cross join generate_series(0, 19) p where a.round_id = ${savesRoundId}`);
	});
	// an ordinary connection from here on: triggers on round_results (the dashboard's per-person table) must fire
	await bulk.end();
	bulk = postgres(url, {
		max: 2,
		onnotice: () => {},
		connection: { synchronous_commit: 'off', work_mem: '256MB' }
	});
	db = drizzle({ client: bulk, schema, casing: 'snake_case' });
	// the dashboard's per-unit and per-score counts are recounted once below instead of row by row
	await q('alter table round_results disable trigger round_results_counts');
	await step('round_results (best attempt per person and round)', () =>
		q(`insert into round_results (round_id, user_id, attempt_id, unit_id, correct_count, duration_ms, finished_at, entries)
			select distinct on (round_id, user_id) round_id, user_id, id, unit_id, correct_count, duration_ms, finished_at,
				count(*) over (partition by round_id, user_id)
			from attempts where status = 'finished'
			order by round_id, user_id, correct_count desc, finished_at`)
	);
	// attempts were loaded without triggers: the dashboard's counts are recounted once (the function
	// of migration 0020_dashboard_counts)
	await q('alter table round_results enable trigger round_results_counts');
	await step('dashboard counts (per round and hour, unit, score)', () =>
		q('select dashboard_counts_rebuild()')
	);
	await step('secondary indexes', async () => {
		for (const def of dropped) await q(def);
	});
	await step("ranks (the app's rankRound per round; contest_results)", async () => {
		for (const r of roundIds) await rankRound(db, r);
		// published only once ranked: a published round's results are final (the database refuses a change)
		await q(
			`update rounds set results_state = 'published' where contest_id = 1 and results_state = 'frozen'`
		);
	});
	const tokenPrefix = `bench${Date.now().toString(36)}-`;
	const sessionUsers = sizes.open + sizes.crowd + sizes.flow;
	await step('sessions', async () => {
		await q(`insert into sessions (id, user_id, expires_at)
			select encode(sha256(convert_to('${tokenPrefix}' || u.id, 'UTF8')), 'hex'), u.id, now() + interval '30 days'
			from users u where u.id <= ${sessionUsers} or u.id = ${organizerId}`);
	});
	await step('vacuum analyze', () => q('vacuum analyze'));
	const openAttempts = (
		await bulk`select id::int as id, user_id from attempts where round_id = ${savesRoundId} order by id`
	).map((r) => [Number(r.id), Number(r.user_id)]);
	const [counts] =
		await q(`select (select count(*)::int from units) as units, (select count(*)::int from users) as people,
		(select count(*)::int from attempts where status = 'finished') as finished_attempts,
		(select count(*)::int from attempt_questions) as attempt_questions,
		(select count(*)::int from round_results) as round_results,
		(select count(*)::int from contest_results) as contest_results`);
	await bulk.end();
	return {
		contestId: 1,
		rankedRoundIds: roundIds,
		savesRoundId,
		startRoundId: R + 2,
		flowRoundId: R + 3,
		signInRoundId: R + 4,
		organizerId,
		tokenPrefix,
		openAttempts,
		crowdUsers: [sizes.open + 1, sizes.open + sizes.crowd],
		flowUsers: [sizes.open + sizes.crowd + 1, sessionUsers],
		// no session seeded: the sign-in flow signs them in
		signInUsers: [sessionUsers + 1, Math.min(P, sessionUsers + sizes.flow)],
		phoneOf: (userId) => `09${String(userId).padStart(8, '0')}`,
		password: PASSWORD,
		counts: counts,
		timings,
		seconds: (performance.now() - t0) / 1000
	};
}
