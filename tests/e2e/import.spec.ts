import fs from 'node:fs/promises';
import { expect, LoginPage, openMenu, test, uniquePhone } from './fixtures';
import type { Page } from '@playwright/test';

const UNITS_CSV = (code: string) =>
	[
		'Mã đơn vị,Tên đơn vị,Mã đơn vị cấp trên,Số người',
		`${code},Đảng bộ Sở Kiểm thử ${code},DBK,2`,
		`${code}-VP,Chi bộ Văn phòng ${code},${code},25`
	].join('\n');

async function upload(page: Page, kind: 'Đơn vị' | 'Người dùng', name: string, content: string) {
	await page.getByRole('radio', { name: kind, exact: true }).check();
	await page.getByLabel('Tệp dữ liệu (.xlsx hoặc .csv)').setInputFiles({
		name,
		mimeType: 'text/csv',
		buffer: Buffer.from('\uFEFF' + content, 'utf8')
	});
	await page.getByRole('button', { name: 'Tải lên và kiểm tra' }).click();
	await expect(page.getByRole('heading', { name: 'Kết quả kiểm tra' })).toBeVisible();
}

test.describe('importing units and people', () => {
	test('an administrator imports units, then people; a bad file lists its problems by row and writes nothing', async ({
		page,
		signInAs
	}) => {
		const code = `KT${Date.now().toString(36).toUpperCase()}`;
		await signInAs('admin');
		await page.goto('/organize/import');
		await expect(page.getByRole('heading', { name: 'Nhập đơn vị và người dùng' })).toBeVisible();

		await upload(page, 'Đơn vị', 'don-vi.csv', UNITS_CSV(code));
		await expect(page.getByText('Tệp hợp lệ, sẵn sàng nhập.')).toBeVisible();
		await page.getByRole('button', { name: 'Xác nhận nhập' }).click();
		await expect(page.getByText(/Đã nhập xong: 2 thêm mới/)).toBeVisible();

		// a people file with two bad rows: an unknown unit code (row 3) and an impossible date (row 4)
		await page.getByRole('button', { name: 'Nhập tệp khác' }).click();
		const good = uniquePhone();
		await upload(
			page,
			'Người dùng',
			'nguoi-loi.csv',
			[
				'Họ và tên,Ngày sinh,Mã đơn vị,Số điện thoại,Email,Số CCCD',
				`Trần Văn Nhập,12/03/1988,${code}-VP,${good},,`,
				`Lê Thị Sai Mã,01/01/1990,KHONG-CO,${uniquePhone()},,`,
				`Phạm Văn Sai Ngày,31/02/1991,${code}-VP,${uniquePhone()},,`
			].join('\n')
		);
		const problems = page.getByRole('table', { name: 'Danh sách lỗi' });
		await expect(problems).toBeVisible();
		await expect(problems.getByRole('row').filter({ hasText: 'KHONG-CO' })).toContainText('3');
		await expect(problems.getByRole('row').filter({ hasText: 'Ngày sinh' })).toContainText('4');
		await expect(page.getByRole('button', { name: 'Xác nhận nhập' })).toHaveCount(0);

		// the corrected file imports; the new person gets an initial password shown once
		await page.getByRole('button', { name: 'Nhập tệp khác' }).first().click();
		await upload(
			page,
			'Người dùng',
			'nguoi.csv',
			[
				'Họ và tên,Ngày sinh,Mã đơn vị,Số điện thoại,Email,Số CCCD',
				`Trần Văn Nhập,12/03/1988,${code}-VP,${good},,`
			].join('\n')
		);
		await page.getByRole('button', { name: 'Xác nhận nhập' }).click();
		await expect(page.getByText(/Đã nhập xong: 1 thêm mới/)).toBeVisible();
		const credentials = page.getByRole('table').filter({ hasText: 'Trần Văn Nhập' });
		const row = credentials.getByRole('row').filter({ hasText: 'Trần Văn Nhập' });
		const password = (await row.getByRole('cell').last().innerText()).trim();
		// printed in three groups of four, without look-alike characters
		expect(password).toMatch(/^[a-z2-9]{4} [a-z2-9]{4} [a-z2-9]{4}$/);

		// the same passwords as sign-in slips to print and cut, straight from the import
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: /Tải phiếu đăng nhập \(PDF/ }).click()
		]);
		expect(download.suggestedFilename()).toMatch(/^phieu-dang-nhap-.*\.pdf$/);
		const slips = await fs.readFile(await download.path());
		expect(slips.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect(slips.length).toBeGreaterThan(10_000); // a page of slips with its font, not an error page

		// the imported person signs in with it typed as shown and must choose a new password first
		await openMenu(page);
		await page.getByRole('button', { name: 'Đăng xuất' }).click();
		const login = new LoginPage(page);
		await login.goto();
		await login.signIn(good, password);
		await expect(page).toHaveURL(/\/account\/password$/);
		await expect(
			page.getByText('Bạn đang dùng mật khẩu do Ban tổ chức cấp.', { exact: false })
		).toBeVisible();
		await page.goto('/account');
		await expect(page).toHaveURL(/\/account\/password$/);
	});
});
