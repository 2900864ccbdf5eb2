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
