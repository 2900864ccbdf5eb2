import fs from 'node:fs/promises';
import { DEMO, expect, LoginPage, newPerson, SignUpPage, signOut, test, postForm } from './fixtures';

test('an organizer asks for a unit’s sign-in slips, sees them made in the background, downloads the PDF; the QR link fills in the phone; “Quên mật khẩu?” says what to do', async ({
	page
}) => {
	// someone who signed up, then got a new initial password from an organizer (so has not used it yet)
	const person = newPerson({ fullName: 'Phan Thị Phiếu' });
	const signup = new SignUpPage(page);
	await signup.goto();
	await signup.fill(person);
	await signup.submit.click();
	await expect(page.getByRole('button', { name: /^Menu của / })).toBeVisible();
	await signOut(page);

	const login = new LoginPage(page);
	await login.goto();
	await login.signIn(DEMO.admin.phone, DEMO.admin.password);
	await expect(page.getByRole('button', { name: `Menu của ${DEMO.admin.fullName}` })).toBeVisible();
	await page.goto(`/organize/people?q=${person.phone}`);
	await page.getByRole('button', { name: `Thao tác với ${person.fullName}` }).click();
	await page.getByRole('menuitem', { name: 'Cấp lại mật khẩu' }).click();
	await page.getByRole('alertdialog').getByRole('button', { name: 'Cấp lại mật khẩu (in phiếu)' }).click();
	// one person's reset is a slip too, made in the background: no password is shown on the people page
	await expect(page).toHaveURL(/\/organize\/slips\?job=\d+/);
	await expect(page.getByRole('link', { name: 'Tải phiếu đăng nhập (PDF)' })).toBeVisible({
		timeout: 60_000
	});

	await page.goto('/organize/slips');
	await expect(page.getByRole('heading', { name: 'Phiếu đăng nhập' })).toBeVisible();
	await new SignUpPage(page).chooseUnit(person.unitQuery, person.unitName);
	await page.getByRole('button', { name: 'Cấp lại mật khẩu ban đầu và tải phiếu (PDF)' }).click();
	// the slips are made by the job queue; the page follows the run and offers the PDF when it is done
	await expect(page).toHaveURL(/\/organize\/slips\?.*job=\d+/);
	const link = page.getByRole('link', { name: 'Tải phiếu đăng nhập (PDF)' });
	await expect(link).toBeVisible({ timeout: 60_000 });
	await expect(page.getByText('Đã xong.')).toBeVisible();
	const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
	expect(download.suggestedFilename()).toMatch(/^phieu-dang-nhap-.*\.pdf$/);
	const bytes = await fs.readFile(await download.path());
	expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	expect(bytes.length).toBeGreaterThan(10_000); // a page of slips with its font, not an error page

	// asked again (the person has still not signed in), a new run makes new slips
	const firstRun = new URL(page.url()).searchParams.get('job');
	await page.getByRole('button', { name: 'Cấp lại mật khẩu ban đầu và tải phiếu (PDF)' }).click();
	await expect(page).not.toHaveURL(new RegExp(`job=${firstRun}(&|$)`));
	await expect(page.getByRole('link', { name: 'Tải phiếu đăng nhập (PDF)' })).toBeVisible({
		timeout: 60_000
	});

	// the QR code opens the sign-in page with the phone filled in
	await signOut(page);
	await page.goto(`/login?phone=${person.phone}`);
	await expect(page.getByLabel('Số điện thoại hoặc email')).toHaveValue(person.phone);
	await expect(page.getByRole('link', { name: 'Quên mật khẩu?' })).toBeVisible();
	await page.getByRole('link', { name: 'Quên mật khẩu?' }).click();
	await expect(page.getByRole('heading', { name: 'Quên mật khẩu' })).toBeVisible();
});

test('a malformed request for slips (no unit, a unit that is not a number) is refused with 400, never a 500', async ({
	page,
	signInAs
}) => {
	await signInAs('organizer');
	const forms: Record<string, string>[] = [{}, { unitId: 'abc' }, { unitId: '99999999999' }];
	for (const form of forms) {
		expect(await postForm(page, '/organize/slips', form)).toBe(400);
	}
	// in the page, the same mistake is a message beside the unit field
	await page.goto('/organize/slips');
	await page.locator('form.card').evaluate((f: HTMLFormElement) => f.requestSubmit());
	await expect(
		page.getByRole('alert').filter({ hasText: 'Vui lòng chọn đơn vị trong danh sách.' })
	).toBeVisible();
});
