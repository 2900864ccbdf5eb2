import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';

// English counts go through the catalog's plural variants (messages/en.json): "1 row", "3 rows".
describe('plural messages in English', () => {
	it('says "1 row" for one and "3 rows" for three', () => {
		expect(m.import_has_errors({ count: 1 }, { locale: 'en' })).toContain('has 1 row with errors');
		expect(m.import_has_errors({ count: 3 }, { locale: 'en' })).toContain('has 3 rows with errors');
	});

	it('counts units and accounts in the headcount warning', () => {
		expect(m.import_headcount_title({ count: 1 }, { locale: 'en' })).toMatch(/^1 unit would/);
		expect(m.import_headcount_title({ count: 2 }, { locale: 'en' })).toMatch(/^2 units would/);
		const row = { unit: 'Chi bộ 1', code: 'CB1', headcount: '0' };
		expect(m.import_headcount_row({ ...row, accounts: 1 }, { locale: 'en' })).toContain('1 account for');
		expect(m.import_headcount_row({ ...row, accounts: 4 }, { locale: 'en' })).toContain('4 accounts for');
	});

	it('keeps one form in Vietnamese', () => {
		expect(m.import_has_errors({ count: 1 }, { locale: 'vi' })).toContain('Tệp có 1 dòng lỗi');
	});
});

// Every English count message that can meet a 1 has a singular variant (converted from "1 entries"-style text).
describe('count messages say "1 entry", "3 rounds"', () => {
	const en = { locale: 'en' } as const;
	it('the essay setup counts rounds and entries each on its own', () => {
		expect(m.essay_setup_counts({ rounds: 1, entries: 1 }, en)).toBe('1 round · 1 entry submitted');
		expect(m.essay_setup_counts({ rounds: 3, entries: 1 }, en)).toBe('3 rounds · 1 entry submitted');
		expect(m.essay_setup_counts({ rounds: 1, entries: 12 }, en)).toBe('1 round · 12 entries submitted');
	});

	it('agrees the verb with its count', () => {
		expect(m.quiz_submit_unanswered({ count: 1 }, en)).toBe('1 question is still unanswered.');
		expect(m.quiz_submit_unanswered({ count: 4 }, en)).toBe('4 questions are still unanswered.');
		expect(m.judging_adv_summary({ advance: 1, cut: 1, unsettled: 2 }, en)).toBe(
			'1 entry advances, 1 is tied at the cut, 2 are not fully scored.'
		);
		expect(m.judging_adv_summary({ advance: 5, cut: 0, unsettled: 1 }, en)).toBe(
			'5 entries advance, 0 are tied at the cut, 1 is not fully scored.'
		);
		expect(m.insight_disagreement_summary({ over: 1, entries: 1, threshold: 2 }, en)).toBe(
			'1 of 1 entry differs by 2 points or more.'
		);
	});

	it('counts quiz facts, attempts, seconds and files', () => {
		expect(m.quiz_facts({ questions: 1, minutes: 1 }, en)).toBe('1 question, 1 minute');
		expect(m.quiz_facts({ questions: 20, minutes: 15 }, en)).toBe('20 questions, 15 minutes');
		expect(m.quiz_attempts_left({ left: 1, allowed: 1 }, en)).toBe('1 of 1 attempt left');
		expect(m.quiz_attempts_left({ left: 2, allowed: 3 }, en)).toBe('2 of 3 attempts left');
		expect(m.rate_limited({ seconds: 1 }, en)).toContain('in 1 second.');
		expect(m.ui_files_count({ count: 1 }, en)).toBe('1 file chosen');
		expect(m.ui_files_count({ count: 2 }, en)).toBe('2 files chosen');
	});

	it('counts people on the people page', () => {
		expect(m.people_total({ count: 1 }, en)).toBe('1 person matches');
		expect(m.people_total({ count: 250_000 }, en)).toBe('250000 people match');
		expect(m.people_confirm_disable_title({ count: 1 }, en)).toBe('Disable 1 account?');
		expect(m.people_confirm_disable_title({ count: 7 }, en)).toBe('Disable 7 accounts?');
	});

	it('has no English count message left that reads "1 entries"', async () => {
		const { default: catalog } = await import('../../messages/en.json');
		const plainCounts = Object.entries(catalog as Record<string, unknown>).filter(
			([, text]) =>
				typeof text === 'string' &&
				/\{(count|entries|rounds|total|questions|allowed|seconds)\} (entries|rounds|questions|attempts|seconds|files|words|certificates|awards)\b/.test(
					text
				)
		);
		expect(plainCounts.map(([key]) => key)).toEqual([]);
	});
});
