import {
	DEMO,
	expect,
	expectSignedInAs,
	international,
	LoginPage,
	newPerson,
	signOut,
	SignUpPage,
	test,
	uniquePhone
} from './fixtures';

test.describe('sign-up and sign-in', () => {
	test('signs up, signs out, signs in again with the phone written as +84, and signs out', async ({
		page
	}) => {
		const person = newPerson();
		const signUp = new SignUpPage(page);
		await signUp.goto();
		await signUp.fill(person);
		await signUp.submit.click();

		await expect(page).toHaveURL(/\/$/);
		await expectSignedInAs(page, person.fullName);
		await page.goto('/account');
		await expect(page.getByRole('main')).toContainText('Chi bộ Văn phòng Sở Y tế');
		await expect(page.getByRole('main')).toContainText(
			person.phone.replace(/^(\d{4})(\d{3})(\d{3})$/, '$1 $2 $3')
		);
		await signOut(page);

		const login = new LoginPage(page);
		await login.goto();
		await login.signIn(international(person.phone), person.password);
		await expectSignedInAs(page, person.fullName);
		await signOut(page);
	});

	test('wrong input shows Vietnamese errors next to the fields and keeps what was typed', async ({
		page
	}) => {
		const person = newPerson({
			phone: '12345',
			email: 'kiem.thu@example.vn',
			password: 'Kiemthu@2026',
			passwordConfirm: 'Khacnhau@2026'
		});
		const signUp = new SignUpPage(page);
		await signUp.goto();
		await signUp.fill(person);
		await signUp.submit.click();

		await expect(signUp.phone).toHaveAttribute('aria-invalid', 'true');
		await expect(signUp.phone).toHaveAccessibleDescription(/Số điện thoại không hợp lệ/);
		await expect(signUp.fullName).toHaveValue(person.fullName);
		await expect(signUp.birthDate).toHaveValue(person.birthDate);
		await expect(signUp.phone).toHaveValue('12345');
		await expect(signUp.email).toHaveValue('kiem.thu@example.vn');
		await expect(page.getByText('Đã chọn:')).toContainText(person.unitName);
		await expect(page).toHaveURL(/\/signup$/);

		// A valid phone now, and again two passwords that differ: the error moves to the confirmation field.
		await signUp.phone.fill(uniquePhone());
		await signUp.password.fill('Kiemthu@2026');
		await signUp.passwordConfirm.fill('Khacnhau@2026');
		await signUp.submit.click();

		await expect(signUp.passwordConfirm).toHaveAttribute('aria-invalid', 'true');
		await expect(signUp.passwordConfirm).toHaveAccessibleDescription(/Hai mật khẩu không khớp/);
		await expect(signUp.phone).not.toHaveAttribute('aria-invalid', 'true');
		await expect(signUp.fullName).toHaveValue(person.fullName);
		await expect(page.getByRole('button', { name: 'Đăng xuất' })).toHaveCount(0);
	});

	test('a phone that already has an account is refused next to the phone field', async ({ page }) => {
		const signUp = new SignUpPage(page);
		await signUp.goto();
		// The demo participant's number, spelled the international way: it is the same number.
		await signUp.fill(newPerson({ phone: international(DEMO.participant.phone) }));
		await signUp.submit.click();

		await expect(signUp.phone).toHaveAttribute('aria-invalid', 'true');
		await expect(signUp.phone).toHaveAccessibleDescription(/Số điện thoại này đã có tài khoản/);
		await expect(page.getByRole('button', { name: 'Đăng xuất' })).toHaveCount(0);
	});

	test('a wrong password is refused without saying which part was wrong', async ({ page }) => {
		const login = new LoginPage(page);
		await login.goto();
		await login.signIn(DEMO.judge.phone, 'Saimatkhau@1');

		await expect(page.getByRole('alert')).toHaveText('Số điện thoại/email hoặc mật khẩu không đúng.');
		await expect(login.login).toHaveValue(DEMO.judge.phone);
		await expect(login.password).toHaveValue('');

		// The right password still works (and clears the failure count for the next run).
		await login.signIn(DEMO.judge.phone, DEMO.judge.password);
		await expectSignedInAs(page, DEMO.judge.fullName);
	});
});
