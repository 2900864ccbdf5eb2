import { expect, test } from './fixtures';

for (const path of ['/signup', '/login']) {
	test(`every input on ${path} has an accessible name`, async ({ page }) => {
		await page.goto(path);
		const inputs = page.locator('main').locator('input:not([type="hidden"]), select, textarea');
		const count = await inputs.count();
		expect(count).toBeGreaterThan(1);
		for (let i = 0; i < count; i++) {
			await expect(inputs.nth(i), `input #${i + 1} on ${path}`).toHaveAccessibleName(/\S/);
		}
		for (const button of await page.getByRole('button').all()) {
			await expect(button).toHaveAccessibleName(/\S/);
		}
	});
}
