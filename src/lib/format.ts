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

/** An instant, shown in Vietnam's time: 21/11/2026 17:32. */
export function formatDateTime(value: Date | string): string {
	return new Intl.DateTimeFormat(intlLocale(), {
		timeZone: TIME_ZONE,
		day: '2-digit',
		month: '2-digit',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit',
		hour12: false
	}).format(new Date(value));
}

export function formatNumber(value: number): string {
	return new Intl.NumberFormat(intlLocale()).format(value);
}

/** 0.974 → 97,4 % (vi) or 97.4% (en); null when there is no headcount to divide by. */
export function formatRate(part: number, whole: number): string | null {
	if (whole <= 0) return null;
	return new Intl.NumberFormat(intlLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(
		part / whole
	);
}

/** 754_000 ms → 12:34 (minutes:seconds), or 1:02:03 past an hour. */
export function formatDuration(ms: number): string {
	const total = Math.max(0, Math.round(ms / 1000));
	const h = Math.floor(total / 3600);
	const mm = String(Math.floor((total % 3600) / 60)).padStart(h > 0 ? 2 : 1, '0');
	const ss = String(total % 60).padStart(2, '0');
	return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
