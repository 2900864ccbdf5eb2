/**
 * Item statistics for a quiz round or a whole contest: how often each question was shown, its facility (share
 * answered correctly), its discrimination (point-biserial correlation of the item with the rest of the score), how
 * often each option was chosen, and flags for questions that look broken. Two aggregate queries, whatever the
 * number of attempts; the statistics come from finished attempts only.
 */
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client';

/** Below this many finished answers a question gets no flags: too few to tell. */
export const MIN_SHOWN_FOR_FLAGS = 30;
export const FACILITY_TOO_HARD = 0.1;
export const FACILITY_TOO_EASY = 0.95;

export type QuestionFlag = 'negative_discrimination' | 'distractor_over_key' | 'too_hard' | 'too_easy';

export interface OptionStat {
	/** the option's position in the bank: A = 0 */
	position: number;
	text: string;
	correct: boolean;
	chosen: number;
}

export interface QuestionStat {
	questionId: number;
	text: string;
	topic: string;
	multi: boolean;
	shown: number;
	right: number;
	unanswered: number;
	/** right ÷ shown */
	facility: number | null;
	/** point-biserial of the item against the rest score; null when undefined (no variance, or all right/wrong) */
	discrimination: number | null;
	options: OptionStat[];
	flags: QuestionFlag[];
}

/**
 * Point-biserial correlation from group statistics: (M1 − M0) ÷ s × √(p·q), with M1 and M0 the mean rest scores of
 * those who got the item right and wrong, s the population standard deviation of the rest score over everyone,
 * and p the share right.
 */
export function pointBiserial(input: {
	shown: number;
	right: number;
	meanRestRight: number | null;
	meanRestWrong: number | null;
	sdRest: number | null;
}): number | null {
	const { shown, right, meanRestRight, meanRestWrong, sdRest } = input;
	if (shown === 0 || right === 0 || right === shown) return null;
	if (meanRestRight === null || meanRestWrong === null || !sdRest || sdRest <= 1e-12) return null;
	const p = right / shown;
	return ((meanRestRight - meanRestWrong) / sdRest) * Math.sqrt(p * (1 - p));
}

export function flagsOf(stat: Pick<QuestionStat, 'shown' | 'facility' | 'discrimination' | 'options'>) {
	const flags: QuestionFlag[] = [];
	if (stat.shown < MIN_SHOWN_FOR_FLAGS) return flags;
	if (stat.discrimination !== null && stat.discrimination < 0) flags.push('negative_discrimination');
	const keyChosen = Math.min(...stat.options.filter((o) => o.correct).map((o) => o.chosen));
	if (stat.options.some((o) => !o.correct && o.chosen > keyChosen)) flags.push('distractor_over_key');
	if (stat.facility !== null && stat.facility < FACILITY_TOO_HARD) flags.push('too_hard');
	if (stat.facility !== null && stat.facility > FACILITY_TOO_EASY) flags.push('too_easy');
	return flags;
}

/** The statistics of every question shown in the round, or in the contest's counted rounds (roundId null). */
export async function questionStats(
	db: Db,
	scope: { contestId: number; roundId: number | null }
): Promise<QuestionStat[]> {
	const roundFilter =
		scope.roundId === null
			? sql`a.round_id in (select id from rounds where contest_id = ${scope.contestId} and not practice)`
			: sql`a.round_id = ${scope.roundId} and a.round_id in (select id from rounds where contest_id = ${scope.contestId})`;
	const items = rowsOf<{
		question_id: number;
		text: string;
		topic: string;
		multi: boolean;
		shown: string | number;
		right: string | number;
		unanswered: string | number;
		mean_rest_right: string | number | null;
		mean_rest_wrong: string | number | null;
		sd_rest: string | number | null;
	}>(
		await db.execute(sql`
			with answers as (
				select aq.question_id, coalesce(aq.correct, false)::int as c, aq.selected is null as blank,
					a.correct_count - coalesce(aq.correct, false)::int as rest
				from attempts a
				join attempt_questions aq on aq.attempt_id = a.id
				where ${roundFilter} and a.status = 'finished'
			), items as (
				select question_id, count(*) as shown, sum(c) as right, count(*) filter (where blank) as unanswered,
					avg(rest) filter (where c = 1) as mean_rest_right,
					avg(rest) filter (where c = 0) as mean_rest_wrong,
					stddev_pop(rest) as sd_rest
				from answers group by question_id
			)
			select i.*, q.text, q.multi, t.name as topic
			from items i join questions q on q.id = i.question_id join topics t on t.id = q.topic_id
			order by t.name, q.id`)
	);
	if (items.length === 0) return [];
	const chosen = rowsOf<{ question_id: number; position: number; chosen: string | number }>(
		await db.execute(sql`
			select aq.question_id, s.position, count(*) as chosen
			from attempts a
			join attempt_questions aq on aq.attempt_id = a.id
			cross join lateral unnest(aq.selected) as s(position)
			where ${roundFilter} and a.status = 'finished'
			group by aq.question_id, s.position`)
	);
	const options = rowsOf<{ question_id: number; position: number; text: string; is_correct: boolean }>(
		await db.execute(sql`
			select question_id, position, text, is_correct from question_options
			where question_id in (${sql.join(
				items.map((i) => sql`${i.question_id}`),
				sql`, `
			)})
			order by question_id, position`)
	);
	const chosenOf = new Map(chosen.map((c) => [`${c.question_id}:${c.position}`, Number(c.chosen)]));
	const optionsOf = new Map<number, OptionStat[]>();
	for (const o of options) {
		const list = optionsOf.get(o.question_id) ?? [];
		list.push({
			position: o.position,
			text: o.text,
			correct: o.is_correct,
			chosen: chosenOf.get(`${o.question_id}:${o.position}`) ?? 0
		});
		optionsOf.set(o.question_id, list);
	}
	const num = (v: string | number | null) => (v === null ? null : Number(v));
	return items.map((i) => {
		const shown = Number(i.shown);
		const right = Number(i.right);
		const stat = {
			questionId: i.question_id,
			text: i.text,
			topic: i.topic,
			multi: i.multi,
			shown,
			right,
			unanswered: Number(i.unanswered),
			facility: shown > 0 ? right / shown : null,
			discrimination: pointBiserial({
				shown,
				right,
				meanRestRight: num(i.mean_rest_right),
				meanRestWrong: num(i.mean_rest_wrong),
				sdRest: num(i.sd_rest)
			}),
			options: optionsOf.get(i.question_id) ?? []
		};
		return { ...stat, flags: flagsOf(stat) };
	});
}
