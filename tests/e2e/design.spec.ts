import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { DEMO, expect, LoginPage, newPerson, SignUpPage, submitQuiz, test, type DemoRole } from './fixtures';

// The design bars of issue 13, measured on every main page of every role at a phone and a desktop size:
// no sideways scroll, a one-row header on the phone, and no serious or critical accessibility violations.
// UPDATE_SCREENSHOTS=1 also refreshes docs/screenshots/ (npm run screenshots).

const PHONE = { width: 360, height: 800 };
const DESKTOP = { width: 1366, height: 900 };
const VIEWPORTS = [PHONE, DESKTOP];

/** The main pages of each role: the one list these checks walk. */
export const MAIN_PAGES: Record<'guest' | DemoRole, string[]> = {
	guest: ['/', '/login', '/signup', '/results', '/results/essays', '/verify'],
	participant: ['/', '/contests', '/essays', '/certificates', '/account'],
	judge: ['/', '/judge'],
	organizer: [
		'/organize/contests',
		'/organize/essays',
		'/organize/bank',
		'/organize/people',
		'/organize/import',
		'/organize/certificates'
	],
	admin: ['/admin/units']
};

const SERIOUS = new Set(['serious', 'critical']);

async function seriousViolations(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	return results.violations
		.filter((v) => SERIOUS.has(v.impact ?? ''))
		.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0]?.target.join(' ')}`);
}

async function overflow(page: Page) {
	return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

async function headerHeight(page: Page) {
	return page.locator('header.site-header').evaluate((el) => el.getBoundingClientRect().height);
}

/** Checks one page at one size: no sideways scroll, a one-row header on a phone, no serious axe finding. */
async function checkPage(page: Page, name: string, viewport: { width: number }) {
	const where = `${name} at ${viewport.width} px`;
	expect(await overflow(page), `${where}: sideways overflow (px)`).toBeLessThanOrEqual(0);
	if (viewport.width === PHONE.width && (await page.locator('header.site-header').count()) > 0) {
		expect(await headerHeight(page), `${where}: header height`).toBeLessThanOrEqual(64);
	}
	expect(await seriousViolations(page), `${where}: serious/critical axe violations`).toEqual([]);
}

async function signIn(page: Page, role: DemoRole) {
	const login = new LoginPage(page);
	await login.goto();
	await login.signIn(DEMO[role].phone, DEMO[role].password);
	await expect(page.getByText(`Xin chào, ${DEMO[role].fullName}.`)).toBeVisible();
}

async function walk(page: Page, paths: string[]) {
	for (const viewport of VIEWPORTS) {
		await page.setViewportSize(viewport);
		for (const path of paths) {
			const response = await page.goto(path);
			expect(response?.status(), path).toBeLessThan(400);
			await page.waitForLoadState('networkidle');
			await checkPage(page, path, viewport);
		}
	}
}

async function shoot(page: Page, name: string) {
	if (process.env.UPDATE_SCREENSHOTS) await page.screenshot({ path: `docs/screenshots/${name}.png` });
}

test.describe('design bars on every main page', () => {
	test.describe.configure({ timeout: 240_000 });

	test('signed out', async ({ page }) => {
		await walk(page, MAIN_PAGES.guest);
	});

	for (const role of ['participant', 'judge', 'organizer', 'admin'] as const) {
		test(`signed in as ${role}`, async ({ page }) => {
			await signIn(page, role);
			await walk(page, MAIN_PAGES[role]);
		});
	}
});

/**
 * The organizer's contest and essay sections (their own layout and tabs): every tab of a demo contest of each
 * kind, held to the same bars as the reworked pages. Certificates belong to another part of the issue.
 */
const SECTIONS = [
	{ list: '/organize/contests', contest: /^Tìm hiểu Quy tắc ứng xử và tư tưởng/ },
	{ list: '/organize/essays', contest: /Tấm gương bình dị mà cao quý/ }
];

test('the organizer contest sections: one header and tabs, no overflow, no serious axe findings', async ({
	page
}) => {
	test.setTimeout(480_000);
	await signIn(page, 'organizer');
	for (const section of SECTIONS) {
		await page.goto(section.list);
		await page.getByRole('link', { name: section.contest }).first().click();
		await page.waitForURL(/\/\d+$/);
		const tabs = page.getByRole('navigation', { name: 'Các mục của cuộc thi' });
		await expect(tabs.getByRole('link', { name: 'Tổng quan' })).toHaveAttribute('aria-current', 'page');
		const sections = (
			await tabs
				.getByRole('link')
				.evaluateAll((links) => links.map((a) => [a.textContent ?? '', (a as HTMLAnchorElement).href]))
		).filter(([, href]) => !new URL(href).pathname.startsWith('/organize/certificates'));
		for (const viewport of VIEWPORTS) {
			await page.setViewportSize(viewport);
			for (const [name, href] of sections) {
				// not networkidle: the dashboard keeps a live stream open
				await page.goto(href, { waitUntil: 'load' });
				const where = `${href} at ${viewport.width} px`;
				await expect(page.getByRole('heading', { level: 1 }), where).toHaveCount(1);
				await expect(tabs.locator('[aria-current="page"]'), where).toHaveText(name);
				expect(await overflow(page), `${where}: sideways overflow (px)`).toBeLessThanOrEqual(0);
				expect(await seriousViolations(page), `${where}: serious/critical axe violations`).toEqual([]);
				if (viewport === DESKTOP && /^\/organize\/contests\/\d+\/dashboard$/.test(new URL(href).pathname)) {
					await expect(page.locator('canvas').first()).toBeVisible();
					// every chart drew pixels: the page hydrated (a form inside a <p> once broke it and drew nothing)
					await expect
						.poll(
							() =>
								page.evaluate(() =>
									[...document.querySelectorAll('canvas')].every((c) => {
										const px = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
										for (let k = 3; k < px.length; k += 4) if (px[k] !== 0) return true;
										return false;
									})
								),
							{ timeout: 10_000 }
						)
						.toBe(true);
					await page.waitForTimeout(1500); // the charts' drawing animation
					await shoot(page, 'dashboard');
				}
			}
		}
	}
});

test('the header menu holds every place to go on a phone, in one row', async ({ page }) => {
	await page.setViewportSize(PHONE);
	await signIn(page, 'organizer');
	expect(await headerHeight(page)).toBeLessThanOrEqual(64);
	await page.getByRole('button', { name: `Menu của ${DEMO.organizer.fullName}` }).click();
	const menu = page.getByRole('navigation', { name: 'Menu' });
	for (const name of ['Cuộc thi', 'Quản lý cuộc thi', 'Ngân hàng câu hỏi', 'Người dùng', 'Tài khoản']) {
		await expect(menu.getByRole('link', { name, exact: true })).toBeVisible();
	}
	await menu.getByRole('link', { name: 'Quản lý cuộc thi', exact: true }).click();
	await expect(page).toHaveURL(/\/organize\/contests$/);
	await expect(menu).toHaveCount(0);
});

test('a participant on a phone: home cards, a focused quiz with Q1 above the fold, the palette, flags, the submit dialog, the result', async ({
	page
}) => {
	test.setTimeout(120_000);
	await page.setViewportSize(PHONE);
	const person = newPerson({ fullName: 'Hoàng Thị Giao Diện' });
	const signUp = new SignUpPage(page);
	await signUp.goto();
	await signUp.fill(person);
	await signUp.submit.click();
	await expect(page.getByText(`Xin chào, ${person.fullName}.`)).toBeVisible();

	// home: the open round as a card with time and attempts left and one big button
	const card = page.getByRole('article', { name: 'Tuần thi thứ hai' });
	await expect(card).toContainText(/Còn \d+ (ngày|giờ|phút)/);
	await expect(card).toContainText('Còn 3/3 lượt');
	await checkPage(page, '/', PHONE);
	await shoot(page, 'participant-home');

	await card.getByRole('button', { name: 'Vào thi' }).click();
	await expect(page).toHaveURL(/\/quiz\/\d+$/);
	await expect(page.getByRole('timer')).toContainText(/\d+:\d\d/);

	// a focused screen: no site header; question 1 and all its options above the fold
	await expect(page.locator('header.site-header')).toHaveCount(0);
	const first = page.locator('ol.questions > li').first();
	const options = first.locator('label.option');
	expect(await options.count()).toBeGreaterThan(1);
	for (const option of await options.all()) {
		const box = await option.boundingBox();
		expect(box, 'an option of question 1').not.toBeNull();
		expect(box!.y + box!.height, 'option bottom on a 800 px screen').toBeLessThanOrEqual(PHONE.height);
	}
	await checkPage(page, 'quiz', PHONE);

	// every tap target at least 44 × 44
	const small = await page.evaluate(() =>
		[
			...document.querySelectorAll<HTMLElement>(
				'main button, main a, main label.option, main input[type="text"]'
			)
		]
			.map((el) => ({ el, box: el.getBoundingClientRect() }))
			.filter(({ box }) => box.width > 1 && box.height > 1)
			.filter(({ box }) => box.width < 44 || box.height < 44)
			.map(
				({ el, box }) => `${el.tagName} "${el.textContent?.trim().slice(0, 30)}" ${box.width}×${box.height}`
			)
	);
	expect(small).toEqual([]);

	await options.first().click();
	await expect(first.getByText('Đã lưu')).toBeVisible();
	await first.getByRole('button', { name: 'Đánh dấu xem lại' }).click();
	await expect(first.getByRole('button', { name: 'Đánh dấu xem lại' })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	await shoot(page, 'quiz');

	// the palette: question 1 answered and flagged, question 2 not answered; a tap jumps there
	await page.getByRole('button', { name: 'Danh sách câu hỏi' }).click();
	const palette = page.getByRole('dialog', { name: 'Danh sách câu hỏi' });
	await expect(palette.getByRole('button', { name: 'Câu 1: Đã trả lời, Đánh dấu xem lại' })).toBeVisible();
	await palette.getByRole('button', { name: 'Câu 2: Chưa trả lời' }).click();
	await expect(palette).toHaveCount(0);
	await expect(page.locator('ol.questions > li').nth(1).locator('input').first()).toBeFocused();

	// the submit dialog says how many are unanswered; "Làm tiếp" goes back to the quiz
	const total = await page.locator('ol.questions > li').count();
	await page.getByRole('button', { name: 'Nộp bài', exact: true }).click();
	const confirm = page.getByRole('alertdialog', { name: 'Nộp bài?' });
	await expect(confirm).toContainText(`Còn ${total - 1} câu chưa trả lời.`);
	await expect(confirm).toContainText('1 câu đang được đánh dấu xem lại.');
	await checkPage(page, 'quiz', PHONE);
	await confirm.getByRole('button', { name: 'Làm tiếp' }).click();
	await expect(confirm).toHaveCount(0);

	const prediction = page.getByLabel(/Câu hỏi dự đoán/);
	if ((await prediction.count()) > 0) await prediction.fill('12');
	await submitQuiz(page);
	await expect(page.getByRole('heading', { name: 'Kết quả bài làm' })).toBeVisible();
	await checkPage(page, 'result', PHONE);
	await shoot(page, 'result');
	await page.setViewportSize(DESKTOP);
	await checkPage(page, 'result', DESKTOP);

	// home again: the result is among the recent ones
	await page.goto('/');
	await expect(page.getByRole('region', { name: 'Kết quả gần đây' })).toContainText('Tuần thi thứ hai');
});

test("the judge's workspace at a phone and a desktop size", async ({ page }) => {
	await signIn(page, 'judge');
	await page.goto('/judge');
	await page
		.getByRole('region', { name: /Tấm gương bình dị.* · Sơ khảo/ })
		.first()
		.getByRole('row')
		.filter({ hasText: 'Chưa chấm' })
		.first()
		.getByRole('link')
		.click();
	await expect(page).toHaveURL(/\/judge\/assignments\/\d+$/);
	for (const [viewport, name] of [
		[DESKTOP, 'judge-workspace'],
		[PHONE, 'judge-workspace-phone']
	] as const) {
		await page.setViewportSize(viewport);
		await page.waitForLoadState('networkidle');
		await checkPage(page, 'judge workspace', viewport);
		await shoot(page, name);
	}
});

test('the accessibility check itself notices serious violations', async ({ page }) => {
	await page.setContent(
		'<html lang="vi"><body><main><img src="x.png" /><button></button></main></body></html>'
	);
	const found = await seriousViolations(page);
	expect(found.some((v) => v.startsWith('image-alt'))).toBe(true);
	expect(found.some((v) => v.startsWith('button-name'))).toBe(true);
});
