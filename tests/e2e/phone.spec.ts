import { expect, newPerson, SignUpPage, signOut, test } from './fixtures';
import type { Page } from '@playwright/test';

// Runs in the "phone" project only (360 × 740, touch): see playwright.config.ts.

async function expectNoHorizontalScroll(page: Page) {
	const width = await page.evaluate(() => document.documentElement.scrollWidth);
	expect(width, 'page width on a 360 px screen').toBeLessThanOrEqual(360);
}

test('the home page fits a 360 px screen', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expectNoHorizontalScroll(page);
});

test('the sign-up form fits a 360 px screen, with the unit list open and with errors shown', async ({
	page
}) => {
	const signUp = new SignUpPage(page);
	await signUp.goto();
	await expectNoHorizontalScroll(page);

	await signUp.unit.click();
	await signUp.unit.fill('so y te');
	await expect(page.getByRole('listbox').getByRole('option').first()).toBeVisible();
	await expectNoHorizontalScroll(page);

	await signUp.fill(newPerson({ phone: '12345' }));
	await signUp.submit.click();
	await expect(signUp.phone).toHaveAttribute('aria-invalid', 'true');
	await expectNoHorizontalScroll(page);
});

test('signs in and out on a phone', async ({ page, signInAs }) => {
	await signInAs('participant');
	await expectNoHorizontalScroll(page);
	await signOut(page);
});
