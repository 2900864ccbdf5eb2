import { fullyScored, type EntryResult } from './round-results';

// Paging the organizer's results table.

export const RESULTS_PAGE_SIZE = 100;

export type ResultsFilter = 'all' | 'disagreement' | 'unscored';

export type ResultsPage<T> = {
	rows: T[];
	total: number;
	/** the index of the page's first row among the filtered rows */
	offset: number;
	/** `?before=` for the previous page, `?after=` for the next; null when there is none */
	before: string | null;
	after: string | null;
};

/**
 * Keyset paging by entry code over rows computed in memory (aggregates need every score of the round, so the
 * whole round is computed and then sliced). `after` gives the page after that code, `before` the page before it.
 */
export function pageOfResults<T extends EntryResult>(
	all: readonly T[],
	options: {
		judgesPerEntry: number;
		filter?: ResultsFilter;
		after?: string | null;
		before?: string | null;
		size?: number;
	}
): ResultsPage<T> {
	const size = options.size ?? RESULTS_PAGE_SIZE;
	const filter = options.filter ?? 'all';
	const rows = all
		.filter((e) =>
			filter === 'disagreement'
				? e.disagreement
				: filter === 'unscored'
					? !fullyScored(e, options.judgesPerEntry)
					: true
		)
		.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
	let start: number;
	if (options.before) {
		const end = rows.findIndex((r) => r.code >= options.before!);
		const stop = end === -1 ? rows.length : end;
		start = Math.max(0, stop - size);
	} else if (options.after) {
		const first = rows.findIndex((r) => r.code > options.after!);
		start = first === -1 ? rows.length : first;
	} else start = 0;
	const page = rows.slice(start, start + size);
	return {
		rows: page,
		total: rows.length,
		offset: start,
		before: start > 0 ? (page[0]?.code ?? options.after ?? null) : null,
		after: start + size < rows.length ? page[page.length - 1].code : null
	};
}
