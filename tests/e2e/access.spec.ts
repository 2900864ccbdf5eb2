import { expect, test } from './fixtures';

test.describe('who may open what', () => {
	test('a signed-out visitor opening /admin/units is sent to the sign-in page', async ({ page }) => {
		await page.goto('/admin/units');
		await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Funits$/);
		await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
	});

	test('a participant opening /admin/units gets the 403 page', async ({ page, signInAs }) => {
		await signInAs('participant');
		const response = await page.goto('/admin/units');
		expect(response?.status()).toBe(403);
		await expect(page.getByRole('heading', { name: 'Không có quyền truy cập' })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Về trang chủ' })).toBeVisible();
	});

	test('an unknown address gets the 404 page', async ({ page }) => {
		const response = await page.goto('/khong-co-trang-nay');
		expect(response?.status()).toBe(404);
		await expect(page.getByRole('heading', { name: 'Không tìm thấy trang' })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Về trang chủ' })).toBeVisible();
	});
});
