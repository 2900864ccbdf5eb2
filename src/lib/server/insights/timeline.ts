import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rowsOf } from '../db/client';
import { contestFirstHours, roundFinishHours, rounds } from '../db/schema';
import { VIETNAM_OFFSET_MINUTES } from '../quiz/time';
import type { InsightScope } from './participation';

export type BucketUnit = 'hour' | 'day';

export interface TimelineBucket {
	/** the bucket's first instant: an hour or a midnight of Vietnam time */
	start: Date;
	/** attempts finished in the bucket */
	attempts: number;
	/** people whose first finished attempt (in scope) falls in the bucket */
	newParticipants: number;
	/** distinct people with a finished attempt up to the end of the bucket */
	participants: number;
}

export interface Timeline {
	unit: BucketUnit;
	buckets: TimelineBucket[];
	totals: { attempts: number; participants: number };
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const OFFSET_MS = VIETNAM_OFFSET_MINUTES * 60_000;
/** a round longer than this is shown by day, shorter ones by hour */
export const HOURLY_UP_TO_MS = 3 * DAY_MS;
const MAX_BUCKETS = 500;

const stepOf = (unit: BucketUnit) => (unit === 'hour' ? HOUR_MS : DAY_MS);

/** The start of the Vietnam-time hour or day that holds the instant. */
export function bucketStart(instant: Date, unit: BucketUnit): Date {
	const step = stepOf(unit);
	return new Date(Math.floor((instant.getTime() + OFFSET_MS) / step) * step - OFFSET_MS);
}

export function bucketUnitFor(from: Date, to: Date): BucketUnit {
	return to.getTime() - from.getTime() > HOURLY_UP_TO_MS ? 'day' : 'hour';
}

/**
 * Finished attempts per hour (per day when the window spans more than three days) and cumulative distinct
 * participants, in Vietnam time, over the scope's window (a round's opening to its close, or to `now` while open).
 * Every bucket of the window is present, empty ones with 0, so a quiet night shows as a gap in the line.
 */
export async function participationTimeline(
	db: Db,
	scope: InsightScope,
	now = new Date()
): Promise<Timeline> {
	const roundFilter =
		scope.roundId === null
			? sql`round_id in (select id from ${rounds} where contest_id = ${scope.contestId} and not practice)`
			: sql`round_id = ${scope.roundId}`;
	// Counted as attempts finish (round_finish_hours, contest_first_hours: kept by triggers, migration
	// 0020_dashboard_counts): a few rows per hour, summed over their slots here and into the page's buckets below.
	// A person's first finish: in a round, their attempt number 1 (one attempt in progress at a time, so the first
	// attempt finishes first); over the contest, contest_people.first_finished_at. The three reads run at once.
	type HourRow = { hour: string | Date; attempts: string | number; newcomers: string | number };
	const [windows, hours, contestFirsts] = await Promise.all([
		db.execute(sql`
			select min(opens_at) as opens, max(closes_at) as closes from ${rounds}
			where ${scope.roundId === null ? sql`contest_id = ${scope.contestId} and not practice` : sql`id = ${scope.roundId}`}`),
		db.execute(sql`
			select hour, sum(attempts) as attempts, sum(first_attempts) as newcomers from ${roundFinishHours}
			where ${roundFilter} and attempts > 0 group by hour`),
		scope.roundId === null
			? db.execute(sql`
				select hour, 0 as attempts, sum(people) as newcomers from ${contestFirstHours}
				where contest_id = ${scope.contestId} and people > 0 group by hour`)
			: null
	]);
	const [window] = rowsOf<{ opens: string | Date | null; closes: string | Date | null }>(windows);
	if (!window?.opens || !window.closes)
		return { unit: 'hour', buckets: [], totals: { attempts: 0, participants: 0 } };
	const opens = new Date(window.opens);
	const closes = new Date(window.closes);
	const unit = bucketUnitFor(opens, closes);
	const step = stepOf(unit);
	const counts = new Map<number, { attempts: number; newcomers: number }>();
	const add = (rows: HourRow[], newcomers: boolean) => {
		for (const r of rows) {
			const key = bucketStart(new Date(r.hour), unit).getTime();
			const bucket = counts.get(key) ?? { attempts: 0, newcomers: 0 };
			bucket.attempts += Number(r.attempts);
			if (newcomers) bucket.newcomers += Number(r.newcomers);
			counts.set(key, bucket);
		}
	};
	add(rowsOf<HourRow>(hours), contestFirsts === null);
	if (contestFirsts) add(rowsOf<HourRow>(contestFirsts), true);
	const end = Math.min(closes.getTime(), Math.max(now.getTime(), opens.getTime()));
	let first = bucketStart(opens, unit).getTime();
	let last = bucketStart(new Date(end), unit).getTime();
	for (const key of counts.keys()) {
		first = Math.min(first, key);
		last = Math.max(last, key);
	}
	first = Math.max(first, last - (MAX_BUCKETS - 1) * step);
	const buckets: TimelineBucket[] = [];
	let cumulative = 0;
	let total = 0;
	for (const [key, r] of counts) {
		if (key < first) {
			cumulative += r.newcomers;
			total += r.attempts;
		}
	}
	for (let t = first; t <= last; t += step) {
		const r = counts.get(t);
		const newcomers = r?.newcomers ?? 0;
		cumulative += newcomers;
		total += r?.attempts ?? 0;
		buckets.push({
			start: new Date(t),
			attempts: r?.attempts ?? 0,
			newParticipants: newcomers,
			participants: cumulative
		});
	}
	return { unit, buckets, totals: { attempts: total, participants: cumulative } };
}
