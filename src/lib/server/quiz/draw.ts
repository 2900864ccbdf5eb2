/** Pure helpers for drawing an attempt's questions; `random` is injectable so tests are repeatable. */
export type Random = () => number;

/** Fisher–Yates, on a copy. */
export function shuffle<T>(items: readonly T[], random: Random = Math.random): T[] {
	const out = items.slice();
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

/** `count` distinct items chosen uniformly at random (partial Fisher–Yates). */
export function sample<T>(items: readonly T[], count: number, random: Random = Math.random): T[] {
	if (count > items.length) throw new Error(`cannot draw ${count} of ${items.length}`);
	const pool = items.slice();
	for (let i = 0; i < count; i++) {
		const j = i + Math.floor(random() * (pool.length - i));
		[pool[i], pool[j]] = [pool[j], pool[i]];
	}
	return pool.slice(0, count);
}

export interface DrawableQuestion {
	id: number;
	/** bank positions of its options (0 = A) */
	optionPositions: number[];
}

export interface DrawnQuestion {
	questionId: number;
	optionOrder: number[];
}

/**
 * Draws each topic's share and orders the whole: topics keep the round's order unless questions are shuffled;
 * options are shuffled per question when the round says so.
 */
export function drawQuestions(
	pools: { topicId: number; count: number; questions: readonly DrawableQuestion[] }[],
	options: { shuffleQuestions: boolean; shuffleOptions: boolean },
	random: Random = Math.random
): DrawnQuestion[] {
	const drawn = pools.flatMap((pool) => sample(pool.questions, pool.count, random));
	const ordered = options.shuffleQuestions ? shuffle(drawn, random) : drawn;
	return ordered.map((q) => ({
		questionId: q.id,
		optionOrder: options.shuffleOptions ? shuffle(q.optionPositions, random) : q.optionPositions.slice()
	}));
}
