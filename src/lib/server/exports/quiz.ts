/**
 * What an organizer downloads from a quiz round: the ranked results with every tie-break column, and the
 * answer-by-answer data. Rows are read in keyset batches (see table-stream.ts), never all at once.
 */
import { sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import { type Db, rowsOf } from '$lib/server/db/client';
import { type Column, keysetBatches, type TableExport } from './table-stream';
import { unitTrails } from './units';

interface ResultRow {
	rank: number | null;
	user_id: number;
	full_name: string;
	phone: string;
	unit_id: number;
	correct_count: number;
	question_count: number;
	prediction: number | null;
	prediction_distance: number | null;
	duration_ms: number;
	finished_at: Date;
	entries: number;
}

type ResultKey = Pick<
	ResultRow,
	'correct_count' | 'prediction_distance' | 'duration_ms' | 'finished_at' | 'user_id'
>;

const NO_DISTANCE = 2147483647;

/** Keyset over the ranking order: most correct, then closest prediction, then fastest, then earliest. */
async function resultBatch(db: Db, roundId: number, after: ResultKey | undefined, size: number) {
	const rows = rowsOf<ResultRow>(
		await db.execute(sql`
			select r.rank, r.user_id, u.full_name, u.phone, r.unit_id, r.correct_count, a.question_count,
				r.prediction, r.prediction_distance, r.duration_ms, r.finished_at, r.entries
			from round_results r
			join users u on u.id = r.user_id
			join attempts a on a.id = r.attempt_id
			where r.round_id = ${roundId}
			${
				after
					? sql`and (r.correct_count < ${after.correct_count} or (r.correct_count = ${after.correct_count} and
						(coalesce(r.prediction_distance, ${NO_DISTANCE}), r.duration_ms, r.finished_at, r.user_id) >
						(${after.prediction_distance ?? NO_DISTANCE}, ${after.duration_ms}, ${after.finished_at.toISOString()}::timestamptz, ${after.user_id})))`
					: sql``
			}
			order by r.correct_count desc, coalesce(r.prediction_distance, ${NO_DISTANCE}), r.duration_ms,
				r.finished_at, r.user_id
			limit ${size}`)
	);
	return rows.map((r) => ({ ...r, finished_at: new Date(r.finished_at) }));
}

export async function roundResultsExport(
	db: Db,
	round: { id: number; name: string }
): Promise<TableExport<ResultRow & { order: number }>> {
	const trails = await unitTrails(db);
	let order = 0;
	async function* batches() {
		for await (const batch of keysetBatches<ResultRow, ResultKey>(
			(after, size) => resultBatch(db, round.id, after, size),
			(row) => row
		))
			yield batch.map((row) => ({ ...row, order: ++order }));
	}
	const columns: Column<ResultRow & { order: number }>[] = [
		{ header: m.export_col_order(), value: (r) => r.order, width: 8 },
		{ header: m.export_col_rank(), value: (r) => r.rank, width: 8 },
		{ header: m.export_col_name(), value: (r) => r.full_name, width: 28 },
		{ header: m.export_col_phone(), value: (r) => r.phone, width: 14 },
		{ header: m.export_col_unit(), value: (r) => trails.get(r.unit_id)?.name, width: 30 },
		{ header: m.export_col_unit_path(), value: (r) => trails.get(r.unit_id)?.trail, width: 50 },
		{ header: m.export_col_correct(), value: (r) => r.correct_count, width: 10 },
		{ header: m.export_col_questions(), value: (r) => r.question_count, width: 10 },
		{ header: m.export_col_prediction(), value: (r) => r.prediction, width: 10 },
		{ header: m.export_col_prediction_distance(), value: (r) => r.prediction_distance, width: 12 },
		{ header: m.export_col_duration_s(), value: (r) => Math.round(r.duration_ms / 100) / 10, width: 14 },
		{ header: m.export_col_finished_at(), value: (r) => r.finished_at, width: 20 },
		{ header: m.export_col_entries(), value: (r) => r.entries, width: 10 }
	];
	return { sheetName: round.name, columns, batches: batches() };
}

interface AttemptRow {
	id: number;
	attempt_no: number;
	full_name: string;
	unit_id: number;
	finished_at: Date;
}

interface AnswerRow {
	attempt: AttemptRow;
	position: number;
	question_id: number;
	option_order: number[];
	selected: number[] | null;
	answered_at: Date | null;
	correct: boolean | null;
}

interface QuestionInfo {
	text: string;
	correct: Set<number>;
}

const ATTEMPTS_PER_BATCH = 200;

/** Letters as the participant saw them: bank positions mapped through the attempt's option order. */
export function shownLetters(optionOrder: readonly number[], positions: Iterable<number>): string {
	const wanted = new Set(positions);
	return optionOrder
		.map((bank, shown) => (wanted.has(bank) ? String.fromCharCode(65 + shown) : null))
		.filter((letter): letter is string => letter !== null)
		.join(', ');
}

export async function roundAnswersExport(
	db: Db,
	round: { id: number; name: string }
): Promise<TableExport<AnswerRow>> {
	const trails = await unitTrails(db);
	const questions = new Map<number, QuestionInfo>();

	async function questionInfo(ids: number[]) {
		const missing = ids.filter((id) => !questions.has(id));
		if (missing.length === 0) return;
		const rows = rowsOf<{ id: number; text: string; correct: number[] | null }>(
			await db.execute(sql`
				select q.id, q.text,
					array(select o.position from question_options o where o.question_id = q.id and o.is_correct
						order by o.position) as correct
				from questions q
				where q.id in (${sql.join(
					missing.map((id) => sql`${id}`),
					sql`, `
				)})`)
		);
		for (const r of rows) questions.set(r.id, { text: r.text, correct: new Set(r.correct ?? []) });
	}

	async function* batches(): AsyncGenerator<AnswerRow[]> {
		for await (const attempts of keysetBatches<AttemptRow, AttemptRow>(
			async (after, size) =>
				rowsOf<AttemptRow>(
					await db.execute(sql`
						select a.id, a.attempt_no, u.full_name, a.unit_id, a.finished_at
						from attempts a join users u on u.id = a.user_id
						where a.round_id = ${round.id} and a.status <> 'in_progress'
						${after ? sql`and (a.finished_at, a.id) > (${new Date(after.finished_at).toISOString()}::timestamptz, ${after.id})` : sql``}
						order by a.finished_at, a.id
						limit ${size}`)
				),
			(row) => row,
			ATTEMPTS_PER_BATCH
		)) {
			const byId = new Map(attempts.map((a) => [Number(a.id), a]));
			const answers = rowsOf<Omit<AnswerRow, 'attempt'> & { attempt_id: number }>(
				await db.execute(sql`
					select attempt_id, position, question_id, option_order, selected, answered_at, correct
					from attempt_questions
					where attempt_id in (${sql.join(
						attempts.map((a) => sql`${a.id}`),
						sql`, `
					)})
					order by attempt_id, position`)
			);
			await questionInfo([...new Set(answers.map((a) => a.question_id))]);
			yield answers
				.map((a) => ({
					...a,
					attempt: byId.get(Number(a.attempt_id))!,
					answered_at: a.answered_at ? new Date(a.answered_at) : null
				}))
				.sort(
					(x, y) =>
						new Date(x.attempt.finished_at).getTime() - new Date(y.attempt.finished_at).getTime() ||
						x.attempt.id - y.attempt.id ||
						x.position - y.position
				);
		}
	}

	const columns: Column<AnswerRow>[] = [
		{ header: m.export_col_attempt(), value: (r) => Number(r.attempt.id), width: 10 },
		{ header: m.export_col_name(), value: (r) => r.attempt.full_name, width: 28 },
		{ header: m.export_col_unit(), value: (r) => trails.get(r.attempt.unit_id)?.name, width: 30 },
		{ header: m.export_col_attempt_no(), value: (r) => r.attempt.attempt_no, width: 8 },
		{ header: m.export_col_finished_at(), value: (r) => new Date(r.attempt.finished_at), width: 20 },
		{ header: m.export_col_position(), value: (r) => r.position + 1, width: 8 },
		{ header: m.export_col_question_id(), value: (r) => r.question_id, width: 10 },
		{ header: m.export_col_question(), value: (r) => questions.get(r.question_id)?.text, width: 60 },
		{
			header: m.export_col_chosen(),
			value: (r) => shownLetters(r.option_order, r.selected ?? []),
			width: 10
		},
		{
			header: m.export_col_key(),
			value: (r) => shownLetters(r.option_order, questions.get(r.question_id)?.correct ?? []),
			width: 10
		},
		{
			header: m.export_col_correct_answer(),
			value: (r) =>
				r.selected === null ? m.export_unanswered() : r.correct ? m.export_yes() : m.export_no(),
			width: 12
		},
		{ header: m.export_col_answered_at(), value: (r) => r.answered_at, width: 20 }
	];
	return { sheetName: round.name, columns, batches: batches() };
}
