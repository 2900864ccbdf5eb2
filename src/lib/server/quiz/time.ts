/**
 * Wall-clock times in Vietnam (Asia/Ho_Chi_Minh). Vietnam has kept UTC+7 all year since 1975, with no daylight
 * saving, so a fixed offset converts both ways exactly; no time zone database is needed.
 *
 * A `datetime-local` input carries "2026-11-23T10:00" with no zone: the forms say "Giờ Việt Nam", and these
 * helpers turn that text into the instant it names and back.
 */

export const VIETNAM_OFFSET_MINUTES = 7 * 60;
const OFFSET_MS = VIETNAM_OFFSET_MINUTES * 60_000;
const DAY_MS = 24 * 60 * 60_000;

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** "2026-11-23T10:00" (Vietnam time) → the instant; null when it is not a real date and time. */
export function fromVietnamLocal(value: string): Date | null {
	const match = LOCAL_PATTERN.exec(value.trim());
	if (!match) return null;
	const [y, mo, d, h, mi, s] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
	if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
	const wall = Date.UTC(y, mo - 1, d, h, mi, s);
	// Date.UTC rolls 31/11 over to 01/12: a real day survives the round trip.
	if (new Date(wall).getUTCDate() !== d) return null;
	return new Date(wall - OFFSET_MS);
}

/** An instant → "2026-11-23T10:00" in Vietnam time, the value a `datetime-local` input shows. */
export function toVietnamLocal(instant: Date): string {
	return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 16);
}

/** Monday = 1 … Sunday = 7 of the Vietnam calendar day the instant falls on. */
export function vietnamWeekday(instant: Date): number {
	const day = new Date(instant.getTime() + OFFSET_MS).getUTCDay();
	return day === 0 ? 7 : day;
}

/**
 * The first Monday `hour`:00 (Vietnam time) at or after `from`: where a weekly round ("tuần thi") starts.
 */
export function nextMondayAt(from: Date, hour = 10): Date {
	const wall = new Date(from.getTime() + OFFSET_MS);
	const midnight = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate());
	const daysToMonday = (8 - (wall.getUTCDay() === 0 ? 7 : wall.getUTCDay())) % 7;
	let candidate = midnight + daysToMonday * DAY_MS + hour * 3_600_000;
	if (candidate < wall.getTime()) candidate += 7 * DAY_MS;
	return new Date(candidate - OFFSET_MS);
}

/**
 * The usual weekly round: Monday 10:00 to the next Monday 09:00 (Vietnam time), the hour between two rounds left
 * for closing one and announcing the next. Starts at the first such Monday at or after `from`.
 */
export function weeklyRoundWindow(from: Date): { opensAt: Date; closesAt: Date } {
	const opensAt = nextMondayAt(from, 10);
	return { opensAt, closesAt: new Date(opensAt.getTime() + 7 * DAY_MS - 3_600_000) };
}
