/**
 * How the reliability figures read to an organizer: bands from Koo & Li (2016) for ICC and Krippendorff (2004)
 * for alpha, and each flag as a sentence. Shared by the page and the scores export.
 */
import { m } from '$lib/paraglide/messages';
import { points } from '../labels';

type Unavailable = { ok: false; reason: 'not_enough_data' | 'no_variance' };

/** Koo & Li (2016): below 0.5 poor, 0.5–0.75 moderate, 0.75–0.9 good, above 0.9 excellent. */
export function iccBand(icc: number): string {
	if (icc < 0.5) return m.reliability_icc_poor();
	if (icc < 0.75) return m.reliability_icc_moderate();
	if (icc <= 0.9) return m.reliability_icc_good();
	return m.reliability_icc_excellent();
}

/** Krippendorff: α ≥ 0.8 reliable, ≥ 0.667 only for tentative conclusions. */
export function alphaBand(alpha: number): string {
	if (alpha >= 0.8) return m.reliability_alpha_reliable();
	if (alpha >= 0.667) return m.reliability_alpha_tentative();
	return m.reliability_alpha_unreliable();
}

export function unavailableText(result: Unavailable): string {
	return result.reason === 'no_variance' ? m.reliability_no_variance() : m.reliability_not_enough();
}

/** 0,78 (tốt) — Vietnamese decimal comma, two decimals. */
export function coefficient(value: number, band: string): string {
	return `${value.toLocaleString('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} (${band})`;
}

export type FlagForText =
	| { code: 'lenient' | 'harsh' | 'far_from_settled'; points: number; entries: number }
	| { code: 'narrow_spread'; sd: number; roundSd: number; scores: number };

export function flagText(flag: FlagForText): string {
	switch (flag.code) {
		case 'lenient':
			return m.reliability_flag_lenient({ points: points(round1(flag.points)), entries: flag.entries });
		case 'harsh':
			return m.reliability_flag_harsh({ points: points(round1(flag.points)), entries: flag.entries });
		case 'far_from_settled':
			return m.reliability_flag_far_from_settled({
				points: points(round1(flag.points)),
				entries: flag.entries
			});
		case 'narrow_spread':
			return m.reliability_flag_narrow_spread({
				sd: points(round1(flag.sd)),
				roundSd: points(round1(flag.roundSd)),
				scores: flag.scores
			});
	}
}

const round1 = (value: number) => Math.round(value * 10) / 10;
