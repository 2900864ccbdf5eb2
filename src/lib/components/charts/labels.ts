/** A timeline bucket's start in Vietnam time (UTC+7 all year): "23/11 10:00" for an hour, "23/11" for a day. */
export function bucketLabel(start: Date | string, unit: 'hour' | 'day'): string {
	const wall = new Date(new Date(start).getTime() + 7 * 3_600_000);
	const two = (n: number) => String(n).padStart(2, '0');
	const day = `${two(wall.getUTCDate())}/${two(wall.getUTCMonth() + 1)}`;
	return unit === 'hour' ? `${day} ${two(wall.getUTCHours())}:00` : day;
}

/** 3.456 → 3,5 (vi) or 3.5 (en); null → a dash (the app's one score format, $lib/format). */
export { formatScore } from '$lib/format';
