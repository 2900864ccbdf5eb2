import type { Browser } from '@playwright/test';
import { expect, newPerson, SignUpPage, test, type NewPerson } from './fixtures';

async function signUp(browser: Browser, person: NewPerson) {
	const page = await (await browser.newContext()).newPage();
	const signup = new SignUpPage(page);
	await signup.goto();
	await signup.fill(person);
	await signup.submit.click();
	await expect(page.getByRole('button', { name: /^Menu của / })).toBeVisible();
	await page.context().close();
}

test('an organizer filters people by unit and search, disables everyone who matches after a confirm, and uses one menu per row', async ({
	browser,
	page,
	signInAs
}) => {
	test.setTimeout(120_000);
	const suffix = Date.now().toString(36).toUpperCase();
	const people = [
		newPerson({ fullName: `Lọc Thị Một ${suffix}` }),
		newPerson({ fullName: `Lọc Văn Hai ${suffix}` })
	];
	for (const person of people) await signUp(browser, person);

	await signInAs('organizer');
	await page.goto('/organize/people');
	await expect(page.getByRole('heading', { name: 'Người dùng', level: 1 })).toBeVisible();

	await test.step('filter by a unit subtree and a search', async () => {
		await new SignUpPage(page).chooseUnit('van phong so y', 'Chi bộ Văn phòng Sở Y tế');
		await page.getByLabel('Tìm theo họ tên, số điện thoại hoặc email').fill(suffix);
		await page.getByRole('button', { name: 'Lọc', exact: true }).click();
		await expect(page.getByRole('heading', { name: '2 người phù hợp' })).toBeVisible();
		await expect(page.locator('tbody tr')).toHaveCount(2);
		await expect(page).toHaveURL(/unit=\d+/);
	});

	await test.step('bulk disable what matches: the dialog says how many, nothing happens on cancel', async () => {
		const disableAll = page
			.locator('.bulk-row')
			.filter({ hasText: 'Với tất cả người phù hợp' })
			.getByRole('button', { name: 'Khóa tài khoản' });
		await disableAll.click();
		const dialog = page.getByRole('alertdialog');
		await expect(dialog).toContainText('Khóa 2 tài khoản?');
		await dialog.getByRole('button', { name: 'Hủy' }).click();
		await expect(dialog).toBeHidden();
		await expect(page.locator('tbody').getByText('Đã khóa', { exact: true })).toHaveCount(0);

		await disableAll.click();
		await page.getByRole('alertdialog').getByRole('button', { name: 'Khóa tài khoản' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Đã khóa 2 tài khoản.' })).toBeVisible();
		await expect(page.locator('tbody').getByText('Đã khóa', { exact: true })).toHaveCount(2);
	});

	await test.step('the status filter finds them as disabled', async () => {
		await page.getByLabel('Trạng thái').selectOption('disabled');
		await page.getByRole('button', { name: 'Lọc', exact: true }).click();
		await expect(page.getByRole('heading', { name: '2 người phù hợp' })).toBeVisible();
		await page.getByLabel('Trạng thái').selectOption('active');
		await page.getByRole('button', { name: 'Lọc', exact: true }).click();
		await expect(page.getByRole('heading', { name: '0 người phù hợp' })).toBeVisible();
		await page.getByLabel('Trạng thái').selectOption('any');
		await page.getByRole('button', { name: 'Lọc', exact: true }).click();
	});

	await test.step('one row menu enables one person again', async () => {
		const [first] = people;
		await page.getByRole('button', { name: `Thao tác với ${first.fullName}` }).click();
		const menu = page.getByRole('menu');
		await expect(menu.getByRole('menuitem')).toHaveText(['Mở khóa']);
		await menu.getByRole('menuitem', { name: 'Mở khóa' }).click();
		const dialog = page.getByRole('alertdialog');
		await expect(dialog).toContainText('Mở khóa 1 tài khoản?');
		await dialog.getByRole('button', { name: 'Mở khóa' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Đã mở khóa 1 tài khoản.' })).toBeVisible();
		await expect(page.locator('tbody').getByText('Đã khóa', { exact: true })).toHaveCount(1);
	});

	await test.step('a reset from the row menu makes printable slips, not a password on screen', async () => {
		const [first] = people;
		await page.getByRole('button', { name: `Thao tác với ${first.fullName}` }).click();
		await page.getByRole('menu').getByRole('menuitem', { name: 'Cấp lại mật khẩu' }).click();
		const dialog = page.getByRole('alertdialog');
		await expect(dialog).toContainText('Cấp lại mật khẩu cho 1 người?');
		await dialog.getByRole('button', { name: 'Cấp lại mật khẩu (in phiếu)' }).click();
		await expect(page).toHaveURL(/\/organize\/slips\?job=\d+/);
		await expect(page.getByRole('link', { name: 'Tải phiếu đăng nhập (PDF)' })).toBeVisible({
			timeout: 60_000
		});
	});

	await test.step('at 360 × 800 nothing scrolls sideways and the row menu still opens', async () => {
		await page.goto(`/organize/people?q=${suffix}`);
		await page.setViewportSize({ width: 360, height: 800 });
		await expect(page.getByRole('heading', { name: '2 người phù hợp' })).toBeVisible();
		expect(
			await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
		).toBeLessThanOrEqual(0);
		await page.screenshot({ path: test.info().outputPath('people-360.png'), fullPage: true });
		await page.getByRole('button', { name: `Thao tác với ${people[1].fullName}` }).click();
		await expect(page.getByRole('menuitem', { name: 'Mở khóa' })).toBeVisible();
		expect(
			await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
		).toBeLessThanOrEqual(0);
		await page.screenshot({ path: test.info().outputPath('people-360-menu.png') });
		await page.keyboard.press('Escape');
		await page.setViewportSize({ width: 1366, height: 900 });
		await page.screenshot({ path: test.info().outputPath('people-desktop.png'), fullPage: true });
	});
});
