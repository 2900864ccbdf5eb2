import { CalendarDateTime, now, toCalendarDateTime } from '@internationalized/date';

/**
 * The date-time field's text form, "dd/mm/yyyy HH:mm" in Vietnam's wall clock, and the form value the server reads,
 * "yyyy-mm-ddTHH:mm" (the same wall clock, as a datetime-local input sends it). Independent of the browser's
 * locale and time zone.
 */
export const VIETNAM = 'Asia/Ho_Chi_Minh';

const TEXT = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+|\s*,\s*)(\d{1,2})[:h.](\d{2})\s*$/;
const VALUE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/;

const two = (n: number) => String(n).padStart(2, '0');

/** "21/11/2026 8:05" → "2026-11-21T08:05"; null when it is not a real date and time. */
export function parseDateTimeText(text: string): string | null {
	const match = TEXT.exec(text);
	if (!match) return null;
	const [day, month, year, hour, minute] = match.slice(1).map(Number);
	if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59) return null;
	const date = new CalendarDateTime(year, month, day, hour, minute);
	// the library balances 31/02 into March: a date that moved did not exist
	if (date.day !== day || date.month !== month) return null;
	return `${date.year}-${two(date.month)}-${two(date.day)}T${two(date.hour)}:${two(date.minute)}`;
}

/** "2026-11-21T08:05" → "21/11/2026 08:05"; an empty string for an empty or unreadable value. */
export function formatDateTimeValue(value: string | null | undefined): string {
	const match = VALUE.exec(value ?? '');
	if (!match) return '';
	const [, y, mo, d, h, mi] = match;
	return `${d}/${mo}/${y} ${h}:${mi}`;
}

/** Now in Vietnam, as a form value (for "now" buttons and defaults). */
export function nowInVietnam(): string {
	const wall = toCalendarDateTime(now(VIETNAM));
	return `${wall.year}-${two(wall.month)}-${two(wall.day)}T${two(wall.hour)}:${two(wall.minute)}`;
}
