import { describe, expect, it } from 'vitest';
import { cleanText, foldForSearch } from './text';

describe('text normalization', () => {
	it('stores decomposed Vietnamese (NFD from Word or a phone) as composed NFC', () => {
		const nfd = 'Nguyễn Văn Đức'.normalize('NFD');
		expect(nfd).not.toBe('Nguyễn Văn Đức');
		expect(cleanText(`  ${nfd}  `)).toBe('Nguyễn Văn Đức');
	});

	it('drops NUL and other control characters, which PostgreSQL refuses in text', () => {
		expect(cleanText('Nguy\u0000ễn\u0007 Văn\u001f')).toBe('Nguyễn Văn');
	});

	it('folds diacritics so searches without accents match', () => {
		expect(foldForSearch('Chi bộ Phòng Tổ chức')).toBe('chi bo phong to chuc');
		expect(foldForSearch('Đảng bộ'.normalize('NFD'))).toBe('dang bo');
	});
});
