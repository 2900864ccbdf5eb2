import { describe, expect, it } from 'vitest';
import { wrapLabel } from './labels';

describe('wrapLabel', () => {
	it('keeps a short unit name on one line', () => {
		expect(wrapLabel('Chi bộ 1')).toEqual(['Chi bộ 1']);
	});

	it('wraps a long unit name at word boundaries instead of cutting it', () => {
		expect(wrapLabel('Đảng bộ Sở Giáo dục và Đào tạo tỉnh', 24)).toEqual([
			'Đảng bộ Sở Giáo dục và',
			'Đào tạo tỉnh'
		]);
	});

	it('ends the last line with an ellipsis when the name needs more lines than allowed', () => {
		const lines = wrapLabel('Đảng bộ Cơ quan Ủy ban nhân dân tỉnh và các đơn vị sự nghiệp trực thuộc', 20, 2);
		expect(lines).toHaveLength(2);
		expect(lines[1].endsWith('…')).toBe(true);
		expect(lines.every((l) => l.length <= 20)).toBe(true);
	});

	it('cuts a single word longer than a line', () => {
		expect(wrapLabel('A'.repeat(30), 10, 2)).toEqual(['AAAAAAAAA…']);
	});
});
