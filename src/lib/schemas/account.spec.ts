import { describe, expect, it } from 'vitest';
import { signUpSchema } from './account';
import { isPlausibleBirthDate } from './fields';

const valid = {
	fullName: 'Nguyễn Thị Hoa',
	birthDate: '1992-03-08',
	unitId: 3,
	phone: '+84 912 345 678',
	email: '',
	cccd: '',
	password: 'MatKhau123',
	passwordConfirm: 'MatKhau123'
};

function errorsOf(input: Record<string, unknown>) {
	const result = signUpSchema.safeParse(input);
	if (result.success) return {};
	return Object.fromEntries(result.error.issues.map((i) => [i.path.join('.'), i.message]));
}

describe('the sign-up schema', () => {
	it('accepts a complete form and stores the name composed (NFC), spaces folded', () => {
		const result = signUpSchema.safeParse({ ...valid, fullName: '  Nguyễn   Thị Hoa '.normalize('NFD') });
		expect(result.success && result.data.fullName).toBe('Nguyễn Thị Hoa');
	});

	it('answers in Vietnamese, next to each wrong field', () => {
		const errors = errorsOf({
			...valid,
			phone: '12345',
			cccd: '0123',
			email: 'khong-phai-email',
			passwordConfirm: 'KhacHan123'
		});
		expect(errors).toEqual({
			phone: 'Số điện thoại không hợp lệ. Nhập số di động Việt Nam, ví dụ 0912 345 678.',
			cccd: 'Số CCCD gồm đúng 12 chữ số.',
			email: 'Email không hợp lệ.',
			passwordConfirm: 'Hai mật khẩu không khớp.'
		});
	});

	it('asks for a unit chosen from the list and a password with letters and digits', () => {
		const errors = errorsOf({
			...valid,
			unitId: undefined,
			password: 'chiconchu',
			passwordConfirm: 'chiconchu'
		});
		expect(errors.unitId).toBe('Vui lòng chọn đơn vị trong danh sách.');
		expect(errors.password).toBe('Mật khẩu cần có cả chữ và số.');
	});

	it('accepts a 12-digit CCCD typed with spaces', () => {
		const result = signUpSchema.safeParse({ ...valid, cccd: '001 092 012 345' });
		expect(result.success && result.data.cccd).toBe('001092012345');
	});
});

describe('isPlausibleBirthDate', () => {
	const today = new Date('2026-11-21T00:00:00Z');
	it.each([
		['1990-02-28', true],
		['2011-11-21', true],
		['2012-01-01', false],
		['1925-05-05', false],
		['1990-02-30', false],
		['21/11/1990', false]
	])('%s → %s', (value, expected) => {
		expect(isPlausibleBirthDate(value, today)).toBe(expected);
	});
});
