import { expect, test } from './fixtures';

test('the footer switch turns the interface to English and back to Vietnamese', async ({ page }) => {
	await page.goto('/');
	const footer = page.getByRole('contentinfo');
	const nav = page.getByRole('navigation');
	await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
	await expect(nav.getByRole('link', { name: 'Đăng nhập' })).toBeVisible();

	await footer.getByRole('button', { name: 'English' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Online contests for your organization');
	await expect(nav.getByRole('link', { name: 'Sign in' })).toBeVisible();
	await expect(footer.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');

	// The choice sticks across pages.
	await nav.getByRole('link', { name: 'Sign in' }).click();
	await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

	await footer.getByRole('button', { name: 'Tiếng Việt' }).click();
	await expect(page.locator('html')).toHaveAttribute('lang', 'vi');
	await expect(page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
	await expect(footer.getByRole('button', { name: 'Tiếng Việt' })).toHaveAttribute('aria-pressed', 'true');
});
