import { describe, expect, it } from 'vitest';
import { applyErrorMessage, fileErrorMessage, problemView } from './import-messages';

describe('import problems in words', () => {
	it('names the column as the file does and says what is wrong, in Vietnamese', () => {
		expect(problemView({ row: 7, column: 'phone', code: 'duplicate_in_file', params: { first: 6 } })).toEqual(
			{
				row: 7,
				column: 'Số điện thoại',
				message: 'Trùng với dòng 6 trong tệp.'
			}
		);
		expect(
			problemView({ row: 9, column: 'parentCode', code: 'cycle', params: { path: 'A → B → A' } })
		).toEqual({
			row: 9,
			column: 'Mã đơn vị cấp trên',
			message: 'Cấp trên tạo thành vòng lặp: A → B → A.'
		});
	});

	it('speaks English when asked, keeping the Vietnamese header to find the column', () => {
		expect(problemView({ row: 3, column: 'cccd', code: 'cccd_invalid' }, { locale: 'en' })).toEqual({
			row: 3,
			column: 'ID card (Số CCCD)',
			message: 'The ID card number must have exactly 12 digits.'
		});
	});

	it('explains file-level refusals', () => {
		expect(fileErrorMessage({ code: 'missing_columns', params: { columns: 'Họ và tên, Ngày sinh' } })).toBe(
			'Thiếu cột bắt buộc: Họ và tên, Ngày sinh. Hãy dùng tệp mẫu và kiểm tra đã chọn đúng loại dữ liệu.'
		);
		expect(fileErrorMessage({ code: 'file_too_many_rows', params: { rows: 25000, max: 20000 } })).toContain(
			'25000 dòng'
		);
		expect(applyErrorMessage('conflicts')).toContain('chưa có dữ liệu nào được ghi');
	});
});
