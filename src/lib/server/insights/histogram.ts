import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rowsOf } from '../db/client';
import { roundScoreCounts, roundTopics } from '../db/schema';

export interface ScoreHistogram {
	/** questions per attempt: scores run from 0 to this */
	maxScore: number;
	/** one bin per score point, 0 … maxScore, each with the people whose best result has that score */
	bins: { score: number; people: number }[];
	people: number;
	meanScore: number | null;
	medianScore: number | null;
}

/**
 * The distribution of counted results (each person's best attempt) of a quiz round, by score points: from
 * round_score_counts, kept by a trigger on round_results (migration 0020_dashboard_counts).
 */
export async function scoreHistogram(db: Db, roundId: number): Promise<ScoreHistogram> {
	const [topicRows, scoreRows] = await Promise.all([
		db.execute(sql`select sum(question_count) as questions from ${roundTopics} where round_id = ${roundId}`),
		db.execute(sql`
			select score, sum(people) as people from ${roundScoreCounts}
			where round_id = ${roundId} and people > 0 group by score order by score`)
	]);
	const [{ questions }] = rowsOf<{ questions: string | number | null }>(topicRows);
	const raw = rowsOf<{ score: number; people: string | number }>(scoreRows);
	return histogramOf(
		Number(questions ?? 0),
		raw.map((r) => ({ score: Number(r.score), people: Number(r.people) }))
	);
}

/** Fills every score from 0 to the maximum (a score nobody had is a 0 bin) and computes the mean and median. */
export function histogramOf(questions: number, counts: { score: number; people: number }[]): ScoreHistogram {
	const maxScore = Math.max(questions, ...counts.map((c) => c.score), 0);
	const bins = Array.from({ length: maxScore + 1 }, (_, score) => ({ score, people: 0 }));
	for (const c of counts) bins[c.score].people += c.people;
	const people = bins.reduce((n, b) => n + b.people, 0);
	if (people === 0) return { maxScore, bins, people, meanScore: null, medianScore: null };
	const meanScore = bins.reduce((n, b) => n + b.score * b.people, 0) / people;
	// the lower median for an even count: a score someone actually had
	const middle = Math.ceil(people / 2);
	let seen = 0;
	let medianScore = 0;
	for (const b of bins) {
		seen += b.people;
		if (seen >= middle) {
			medianScore = b.score;
			break;
		}
	}
	return { maxScore, bins, people, meanScore, medianScore };
}
