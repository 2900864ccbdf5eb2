import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEMO, LoginPage, expect, expectSignedInAs, test } from './fixtures';

// The judge's workspace (issue 13): the queue sorted by what is left, the entry beside the rubric on a desktop and
// the rubric after the text with a sticky total on a phone, the criteria's level descriptions, the live total,
// previous / next by keyboard, and nothing typed lost by moving on. The demo judge has entries of the demo
// contest's open "Sơ khảo" left to score (a few of them drafts); this spec types but never saves.

// each test signs in, walks several pages and runs axe: on a loaded machine that outgrows the default 30 s
test.describe.configure({ timeout: 90_000 });

const PHONE = { width: 360, height: 800 };
const DESKTOP = { width: 1366, height: 900 };

async function signIn(page: Page) {
	const login = new LoginPage(page);
	await login.goto();
	await login.signIn(DEMO.judge.phone, DEMO.judge.password);
	await expectSignedInAs(page, DEMO.judge.fullName);
}

async function serious(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.nodes[0]?.target.join(' ')}`);
}

const overflow = (page: Page) =>
	page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

const demoRound = (page: Page) => page.getByRole('region', { name: /Tấm gương bình dị.* · Sơ khảo/ }).first();

test('the queue puts what is left first, with status badges and counts', async ({ page }) => {
	await signIn(page);
	await page.goto('/judge');
	const round = demoRound(page);
	await expect(round.getByText(/Chưa chấm: \d+/)).toBeVisible();
	await expect(round.getByText(/Nháp: \d+/)).toBeVisible();
	await expect(round.getByText(/Đã nộp: \d+/)).toBeVisible();
	const statuses = await round
		.getByRole('row')
		.filter({ has: page.getByRole('link') })
		.evaluateAll((rows) => rows.map((r) => r.querySelector('.ui-badge')?.textContent?.trim() ?? ''));
	const rank = { 'Chưa chấm': 0, Nháp: 1, 'Đã nộp': 2 } as Record<string, number>;
	expect(statuses.length).toBeGreaterThan(3);
	expect(statuses.every((s) => s in rank)).toBe(true);
	expect(statuses.map((s) => rank[s])).toEqual([...statuses.map((s) => rank[s])].sort((a, b) => a - b));
	expect(statuses).toContain('Nháp');
});

test('on a desktop the entry and the rubric sit side by side; levels, live total, keyboard next / previous', async ({
	page
}) => {
	await page.setViewportSize(DESKTOP);
	await signIn(page);
	await page.goto('/judge');
	await demoRound(page).getByRole('row').filter({ hasText: 'Chưa chấm' }).first().getByRole('link').click();
	await expect(page).toHaveURL(/\/judge\/assignments\/\d+$/);
	const first = page.url();
	const position = page.getByText(/^Bài \d+\/\d+$/);
	const at = await position.textContent();

	const entry = page.getByRole('region', { name: /^Bài dự thi / });
	const rubric = page.getByRole('complementary', { name: 'Thang điểm' });
	const [e, r] = [(await entry.boundingBox())!, (await rubric.boundingBox())!];
	expect(r.x, 'the rubric is right of the text').toBeGreaterThanOrEqual(e.x + e.width);
	expect(Math.abs(r.y - e.y), 'both start at the same height').toBeLessThan(4);
	expect(await overflow(page)).toBeLessThanOrEqual(0);
	expect(await serious(page)).toEqual([]);

	// the criteria with their level descriptions, read by screen readers with the field
	const content = page.getByLabel(/Nội dung/);
	await expect(page.getByText('35–49: đúng chủ đề, có câu chuyện nhưng ít chi tiết')).toBeVisible();
	await expect(content).toHaveAccessibleDescription(/50–60: người thật, việc thật/);

	// the rubric stays in view while the judge reads down a long entry
	await page.mouse.wheel(0, 1500);
	await expect(rubric).toBeInViewport();

	// the live total reads decimal commas
	await content.fill('23,5');
	await page.getByLabel(/Tính sáng tạo/).fill('2,5');
	await page.getByLabel(/Hình thức trình bày/).fill('5');
	await expect(page.getByText('Tổng điểm: 31')).toBeVisible();

	// moving on with unsaved points is refused with a warning: nothing typed is lost
	await page.keyboard.press('Alt+ArrowRight');
	await expect(page.getByText(/Bạn có điểm hoặc nhận xét chưa lưu/)).toBeVisible();
	expect(page.url()).toBe(first);
	// a post the server refuses saves nothing: the guard still holds
	await page.getByLabel(/Tính sáng tạo/).fill('35');
	await page.getByRole('button', { name: 'Lưu nháp' }).click();
	await expect(page.getByText('Điểm chưa hợp lệ, xem các tiêu chí được đánh dấu.')).toBeVisible();
	await page.keyboard.press('Alt+ArrowRight');
	await expect(page.getByText(/Bạn có điểm hoặc nhận xét chưa lưu/)).toBeVisible();
	expect(page.url()).toBe(first);
	for (const label of [/Nội dung/, /Tính sáng tạo/, /Hình thức trình bày/])
		await page.getByLabel(label).fill('');
	await page.getByLabel('Nhận xét').fill('');

	// j / k outside a field, Alt + arrows anywhere
	await page.getByRole('heading', { level: 1 }).click();
	await page.keyboard.press('j');
	await expect(page).not.toHaveURL(first);
	await expect(position).not.toHaveText(at!);
	await page.keyboard.press('k');
	await expect(page).toHaveURL(first);
	await page.getByLabel(/Nội dung/).focus();
	await page.keyboard.press('j'); // typing a "j" in a field does not navigate
	expect(page.url()).toBe(first);
	await page.getByLabel(/Nội dung/).fill('');
	await page.keyboard.press('Alt+ArrowRight');
	await expect(page).not.toHaveURL(first);
	await page.getByRole('link', { name: 'Bài trước' }).click();
	await expect(page).toHaveURL(first);

	// the focus order goes from the entry to the rubric's fields to its buttons, each with a visible ring
	await page.getByLabel(/Hình thức trình bày/).focus();
	await page.keyboard.press('Tab');
	await expect(page.getByLabel('Nhận xét')).toBeFocused();
	await page.keyboard.press('Tab');
	const draft = page.getByRole('button', { name: 'Lưu nháp' });
	await expect(draft).toBeFocused();
	expect(await draft.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
});

test('on a phone the rubric follows the text, a sticky bar keeps the total in view, nothing overflows', async ({
	page
}) => {
	await page.setViewportSize(PHONE);
	await signIn(page);
	await page.goto('/judge');
	expect(await overflow(page)).toBeLessThanOrEqual(0);
	expect(await serious(page)).toEqual([]);
	await demoRound(page).getByRole('row').filter({ hasText: 'Chưa chấm' }).first().getByRole('link').click();
	await expect(page).toHaveURL(/\/judge\/assignments\/\d+$/);

	const entry = page.getByRole('region', { name: /^Bài dự thi / });
	const rubric = page.getByRole('complementary', { name: 'Thang điểm' });
	const [e, r] = [(await entry.boundingBox())!, (await rubric.boundingBox())!];
	expect(r.y, 'the rubric comes after the text').toBeGreaterThanOrEqual(e.y + e.height);
	expect(await overflow(page)).toBeLessThanOrEqual(0);
	expect(await serious(page)).toEqual([]);

	// the bar at the bottom of the screen shows the live total and leads to the rubric
	const bar = page.locator('.phone-bar');
	await expect(bar).toBeInViewport();
	await expect(bar).toContainText('0/100 điểm');
	await bar.getByRole('link', { name: 'Chấm điểm' }).click();
	await expect(page.getByLabel(/Nội dung/)).toBeInViewport();
	await page.getByLabel(/Nội dung/).fill('23,5');
	await expect(bar).toContainText('23,5/100 điểm');
	await page.getByLabel(/Nội dung/).fill('');
});
