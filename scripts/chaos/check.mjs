// The database against the driver's logs, once every fault is over.
//
// A save is identified by (attempt, position, seq): the page's sequence number rises with every change on a device,
// and the save endpoint writes only when its seq is above the stored one (`save_seq < seq`), so the stored answer of a
// question is the one with the highest seq that reached the database. Hence, for each (attempt, position):
//   lost:        the stored seq is below the highest acknowledged seq, or equal to it with another value — an
//                acknowledged answer was overwritten by an older one or vanished (a later, unacknowledged save may
//                legitimately be stored instead: it has a higher seq and was sent);
//   never sent:  the stored (seq, value) is not a save the driver sent;
//   late:        the stored answer was written after deadline + grace, or a save sent after it was acknowledged.
// Values are compared as stored: the indexes the page sends, mapped through the attempt's option order.
import postgres from 'postgres';

const key = (a, p, s) => `${a}:${p}:${s}`;
const storedValue = (choices, optionOrder) =>
	choices.length === 0
		? null
		: [...new Set(choices)]
				.map((c) => optionOrder[c])
				.sort((x, y) => x - y)
				.join(',');

export async function checkDatabase(url, driver, roundIds) {
	const sql = postgres(url, { max: 1, onnotice: () => {} });
	try {
		const rows = await sql`
			select aq.attempt_id::int as attempt_id, aq.position, aq.save_seq::bigint as save_seq, aq.selected, aq.option_order,
				aq.answered_at, a.deadline + make_interval(secs => r.grace_seconds) as accept_until
			from attempt_questions aq join attempts a on a.id = aq.attempt_id join rounds r on r.id = a.round_id
			where a.round_id in ${sql(roundIds)}`;
		const orders = new Map(rows.map((r) => [`${r.attempt_id}:${r.position}`, r.option_order]));
		const sent = new Map();
		for (const s of driver.log.sent) {
			const order = orders.get(`${s.attemptId}:${s.position}`);
			if (order) sent.set(key(s.attemptId, s.position, s.seq), storedValue(s.choices, order));
		}
		const lastAck = new Map();
		for (const a of driver.log.acks) {
			const k = `${a.attemptId}:${a.position}`;
			if (!lastAck.has(k) || lastAck.get(k).seq < a.seq) lastAck.set(k, a);
		}
		const found = { lost: [], neverSent: [], late: [] };
		for (const r of rows) {
			const k = `${r.attempt_id}:${r.position}`;
			const seq = Number(r.save_seq);
			const value = r.selected === null ? null : [...r.selected].sort((x, y) => x - y).join(',');
			const acked = lastAck.get(k);
			if (acked) {
				const ackedValue = storedValue(acked.choices, r.option_order);
				if (seq < acked.seq || (seq === acked.seq && value !== ackedValue))
					found.lost.push(
						`${k}: acknowledged seq ${acked.seq} = ${ackedValue}, stored seq ${seq} = ${value}`
					);
			}
			if (seq > 0) {
				const sentValue = sent.get(key(r.attempt_id, r.position, seq));
				if (sentValue === undefined || sentValue !== value)
					found.neverSent.push(
						`${k}: stored seq ${seq} = ${value}, sent ${sentValue ?? 'nothing with that seq'}`
					);
				if (r.answered_at > r.accept_until)
					found.late.push(
						`${k}: written ${r.answered_at.toISOString()} after ${r.accept_until.toISOString()}`
					);
			}
		}
		const lateAcks = driver.log.acks.filter((a) => a.tag === 'late' || a.tag === 'invalid');
		for (const a of lateAcks)
			found.late.push(`${a.attemptId}:${a.position}: a ${a.tag} save was acknowledged`);

		// graded once: the grade matches the stored answers, and the per-person entry count matches the finished attempts
		const regraded = await sql`
			select a.id::int as id, a.correct_count,
				(select count(*)::int from attempt_questions aq where aq.attempt_id = a.id and aq.correct) as counted,
				(select count(*)::int from attempt_questions aq where aq.attempt_id = a.id and aq.correct is distinct from
					coalesce(aq.selected = (select array_agg(o.position order by o.position) from question_options o
						where o.question_id = aq.question_id and o.is_correct), false)) as mismatched
			from attempts a where a.round_id in ${sql(roundIds)} and a.status = 'finished'`;
		const gradedWrong = regraded.filter((r) => r.correct_count !== r.counted || r.mismatched > 0);
		const entries = await sql`
			select rr.round_id, rr.user_id, rr.entries,
				(select count(*)::int from attempts a where a.round_id = rr.round_id and a.user_id = rr.user_id and a.status = 'finished') as finished
			from round_results rr where rr.round_id in ${sql(roundIds)}`;
		const gradedTwice = entries.filter((e) => e.entries !== e.finished);
		const missingResult = await sql`
			select count(*)::int as n from attempts a where a.round_id in ${sql(roundIds)} and a.status = 'finished'
				and not exists (select 1 from round_results rr where rr.round_id = a.round_id and rr.user_id = a.user_id)`;

		// duplicates: attempts beyond the round's limit, two in progress, or attempt numbers repeated
		const duplicates = await sql`
			select a.round_id, a.user_id, count(*)::int as n, count(*) filter (where a.status = 'in_progress')::int as open,
				count(distinct a.attempt_no)::int as numbers, max(r.attempts_allowed) as allowed
			from attempts a join rounds r on r.id = a.round_id where a.round_id in ${sql(roundIds)}
			group by a.round_id, a.user_id
			having count(*) > coalesce(max(r.attempts_allowed), 1000000) or count(*) filter (where a.status = 'in_progress') > 1
				or count(distinct a.attempt_no) <> count(*)`;
		const [attemptCounts] = await sql`
			select count(*)::int as total, count(*) filter (where status = 'finished')::int as finished,
				count(*) filter (where ended_by = 'abandoned')::int as swept,
				count(*) filter (where status = 'in_progress' and deadline + interval '1 second' * (select grace_seconds from rounds r where r.id = round_id) < now() - interval '8 seconds')::int as overdue,
				count(*) filter (where status = 'finished' and finished_at > deadline)::int as finished_late
			from attempts where round_id in ${sql(roundIds)}`;
		const unseen = (await sql`select id::int as id from attempts where round_id in ${sql(roundIds)}`).filter(
			(r) => !driver.attempts.has(r.id)
		).length;
		return {
			rows: rows.length,
			answered: rows.filter((r) => Number(r.save_seq) > 0).length,
			found,
			gradedWrong,
			gradedTwice,
			missingResult: missingResult[0].n,
			duplicates,
			attemptCounts,
			unseen
		};
	} finally {
		await sql.end();
	}
}
