import { formatNumber } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

export type RoundState = 'upcoming' | 'open' | 'closed';
export type ResultsState = 'hidden' | 'frozen' | 'published';
export type ReviewPolicy = 'score_only' | 'after_close' | 'immediate';

export function roundStateLabel(state: RoundState): string {
	switch (state) {
		case 'upcoming':
			return m.round_state_upcoming();
		case 'open':
			return m.round_state_open();
		case 'closed':
			return m.round_state_closed();
	}
}

export function resultsStateLabel(state: ResultsState): string {
	switch (state) {
		case 'hidden':
			return m.round_results_hidden();
		case 'frozen':
			return m.round_results_frozen();
		case 'published':
			return m.round_results_published();
	}
}

export function reviewPolicyLabel(policy: ReviewPolicy): string {
	switch (policy) {
		case 'score_only':
			return m.round_review_score_only();
		case 'after_close':
			return m.round_review_after_close();
		case 'immediate':
			return m.round_review_immediate();
	}
}

export function reviewPolicyHint(policy: ReviewPolicy): string {
	switch (policy) {
		case 'score_only':
			return m.round_review_score_only_hint();
		case 'after_close':
			return m.round_review_after_close_hint();
		case 'immediate':
			return m.round_review_immediate_hint();
	}
}

/** 1200 → "20 phút", 90 → "1,5 phút" */
export function timeLimitLabel(seconds: number): string {
	return m.round_minutes({ minutes: formatNumber(seconds / 60) });
}

export function attemptsLabel(allowed: number | null): string {
	return allowed === null ? m.round_attempts_unlimited() : m.round_attempts_count({ count: allowed });
}

function isLocal(value: string): boolean {
	return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(new Date(`${value}Z`).getTime());
}

/**
 * A `datetime-local` value (Vietnam wall time) read back with its weekday, "Thứ Hai, 23/11/2026 10:00", so that a
 * round meant to open on a Monday visibly does. Formatted as UTC: the text already is the wall clock.
 */
export function wallClockLabel(local: string): string {
	if (!isLocal(local)) return '';
	const weekday = new Intl.DateTimeFormat(getLocale() === 'vi' ? 'vi-VN' : 'en-GB', {
		weekday: 'long',
		timeZone: 'UTC'
	}).format(new Date(`${local}Z`));
	const [date, time] = local.split('T');
	const [y, mo, d] = date.split('-');
	return `${weekday.charAt(0).toUpperCase()}${weekday.slice(1)}, ${d}/${mo}/${y} ${time.slice(0, 5)}`;
}

/** How long a round stays open: "6 ngày 23 giờ"; empty while either end is missing or out of order. */
export function windowLengthLabel(opens: string, closes: string): string {
	if (!isLocal(opens) || !isLocal(closes)) return '';
	const minutes = Math.round((new Date(`${closes}Z`).getTime() - new Date(`${opens}Z`).getTime()) / 60_000);
	if (minutes <= 0) return '';
	const parts = [
		Math.floor(minutes / 1440) > 0 ? m.round_length_days({ count: Math.floor(minutes / 1440) }) : '',
		Math.floor((minutes % 1440) / 60) > 0
			? m.round_length_hours({ count: Math.floor((minutes % 1440) / 60) })
			: '',
		minutes % 60 > 0 ? m.round_length_minutes({ count: minutes % 60 }) : ''
	];
	return m.round_window_length({ length: parts.filter(Boolean).join(' ') });
}
