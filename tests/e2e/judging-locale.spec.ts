import type { Page } from '@playwright/test';
import { DEMO, LoginPage, expect, expectSignedInAs, test } from './fixtures';

// Issue 11: in a browser with an English interface, a number input read "23,5" as 235 and "2,5" as 25, and the
// live total stayed at 0. The judge writes decimals the Vietnamese way; what is stored must be what they meant.
// The demo judge has entries of the demo contest's open "Sơ khảo" left to score (Nội dung 60, Tính sáng tạo 30,
// Hình thức trình bày 10).

test.use({ locale: 'en-US', actionTimeout: 20_000 });

async function signIn(page: Page, who: (typeof DEMO)[keyof typeof DEMO]) {
	const login = new LoginPage(page);
	await login.goto();
	await login.signIn(who.phone, who.password);
	await expectSignedInAs(page, who.fullName);
}

test('a judge in an English-language Chromium types "23,5" and 23.5 is stored', async ({ browser }) => {
	// three people sign in one after another: on a loaded machine that alone brushes the default 30 s
	test.setTimeout(90_000);
	expect(
		await browser.newContext().then((c) => c.newPage().then((p) => p.evaluate(() => navigator.language)))
	).toBe('en-US');
	const judgeContext = await browser.newContext();
	const judge = await judgeContext.newPage();
	await signIn(judge, DEMO.judge);
	await judge.goto('/judge');
	const todo = judge.getByRole('row').filter({ hasText: 'Chưa chấm' }).first();
	const code = (await todo.getByRole('link').textContent())!.trim();
	await todo.getByRole('link').click();

	const content = judge.getByLabel(/Nội dung/);
	const creativity = judge.getByLabel(/Tính sáng tạo/);
	const form = judge.getByLabel(/Hình thức trình bày/);
	await expect(content).toHaveAttribute('inputmode', 'decimal');
	await content.fill('23,5');
	await creativity.fill('2,5');
	await form.fill('5');
	// the live total follows the typing (it stayed at 0 before)
	await expect(judge.getByText('Tổng điểm: 31')).toBeVisible();

	// out of range, and a number it would have to guess: refused next to the field, in Vietnamese
	await creativity.fill('35');
	await expect(judge.locator('#' + (await creativity.getAttribute('id')) + '_error')).toHaveText(
		'Điểm vượt quá mức tối đa của tiêu chí.'
	);
	await form.fill('1.000');
	await expect(form).toHaveAttribute('aria-invalid', 'true');
	await creativity.fill('2,5');
	await form.fill('5');
	await expect(judge.getByText('Tổng điểm: 31')).toBeVisible();

	await judge.getByRole('button', { name: 'Nộp điểm' }).click();
	await expect(judge.getByText('Đã nộp điểm.')).toBeVisible();
	// the submitted score is final for the judge, and the others' totals stay hidden while the round is open
	await expect(content).toBeDisabled();
	await expect(judge.getByText(/Chấm độc lập/)).toBeVisible();
	await expect(content).toHaveValue('23,5');
	await judge.screenshot({ path: 'test-results/judging-locale-judge.png', fullPage: true });
	await judgeContext.close();

	// the organizer's view of the entry shows what was stored: 23,5 and 2,5, total 31
	const orgContext = await browser.newContext();
	const organizer = await orgContext.newPage();
	await signIn(organizer, DEMO.organizer);
	await organizer.goto('/organize/essays');
	await organizer
		.getByRole('link', { name: /Tấm gương bình dị/ })
		.first()
		.click();
	// the first round's "Phân công và kết quả chấm" (Sơ khảo)
	await organizer.getByRole('link', { name: 'Phân công và kết quả chấm' }).first().click();
	await organizer
		.getByRole('link', { name: new RegExp(code) })
		.first()
		.click();
	const row = organizer.getByRole('row').filter({ hasText: DEMO.judge.fullName });
	await expect(row.getByRole('cell', { name: '23,5', exact: true })).toBeVisible();
	await expect(row.getByRole('cell', { name: '2,5', exact: true })).toBeVisible();
	await expect(row.getByRole('cell', { name: '31', exact: true })).toBeVisible();
	await organizer.screenshot({ path: 'test-results/judging-locale-organizer.png', fullPage: true });

	// unassigning asks for a reason in a dialog (not confirm()) and keeps the judge on record as removed
	const pending = organizer.getByRole('row').filter({ hasText: 'Chưa chấm' }).first();
	await pending.getByRole('button', { name: 'Gỡ phân công' }).click();
	const dialog = organizer.getByRole('dialog');
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: 'Gỡ phân công' }).click();
	await expect(dialog).toBeVisible(); // the reason is required
	await dialog.getByLabel(/Lý do/).fill('Giám khảo xin rút vì bận công tác');
	await dialog.getByRole('button', { name: 'Gỡ phân công' }).click();
	await expect(organizer.getByText('Giám khảo đã gỡ khỏi bài')).toBeVisible();
	await expect(organizer.getByText(/Lý do: Giám khảo xin rút vì bận công tác/)).toContainText(
		`bởi ${DEMO.organizer.fullName}`
	);
	await orgContext.close();
});
