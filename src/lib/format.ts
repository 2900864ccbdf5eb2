import { getLocale } from '$lib/paraglide/runtime';

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

function intlLocale() {
	return getLocale() === 'vi' ? 'vi-VN' : 'en-GB';
}

/** A calendar date stored as YYYY-MM-DD, shown as 21/11/2026 (no time zone shift). */
export function formatDate(value: string): string {
	const [y, m, d] = value.split('-');
	return `${d}/${m}/${y}`;
}

/** An instant, shown in Vietnam's time, date first in either language: 21/11/2026 17:32. */
export function formatDateTime(value: Date | string): string {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-GB', {
			timeZone: TIME_ZONE,
			day: '2-digit',
			month: '2-digit',
			year: 'numeric',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23'
		})
			.formatToParts(new Date(value))
			.map((p) => [p.type, p.value])
	);
	return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/** 12345 → 12.345 (vi) or 12,345 (en). */
export function formatNumber(value: number, maximumFractionDigits = 0): string {
	return new Intl.NumberFormat(intlLocale(), { maximumFractionDigits }).format(value);
}

/**
 * 0.678 → "67,8 %" in Vietnamese (a space before the sign, the Vietnamese typographic rule) or "67.8%" in English.
 * One rule for every percentage the app shows.
 */
export function formatPercent(ratio: number, maximumFractionDigits = 1): string {
	const number = formatNumber(ratio * 100, maximumFractionDigits);
	return getLocale() === 'vi' ? `${number}\u00a0%` : `${number}%`;
}

/** 974 of 1000 → "97,4 %"; null when there is no headcount to divide by. */
export function formatRate(part: number, whole: number): string | null {
	if (whole <= 0) return null;
	return formatPercent(part / whole);
}

/** A score or an average: 7.4 → "7,4" (vi) or "7.4" (en); null → a dash. */
export function formatScore(value: number | null, maximumFractionDigits = 1): string {
	if (value === null) return '–';
	return formatNumber(value, maximumFractionDigits);
}

/** Time left until an instant, in words short enough for a card: "2 ngày", "3 giờ 05 phút", "12 phút". */
export function formatTimeLeft(ms: number): { days: number; hours: number; minutes: number } {
	const minutesTotal = Math.max(0, Math.floor(ms / 60_000));
	return {
		days: Math.floor(minutesTotal / 1440),
		hours: Math.floor((minutesTotal % 1440) / 60),
		minutes: minutesTotal % 60
	};
}

/** 754_000 ms → 12:34 (minutes:seconds), or 1:02:03 past an hour. */
export function formatDuration(ms: number): string {
	const total = Math.max(0, Math.round(ms / 1000));
	const h = Math.floor(total / 3600);
	const mm = String(Math.floor((total % 3600) / 60)).padStart(h > 0 ? 2 : 1, '0');
	const ss = String(total % 60).padStart(2, '0');
	return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
