import type { Browser, Page } from '@playwright/test';
import { DEMO, LoginPage, SignUpPage, expect, expectSignedInAs, newPerson, test } from './fixtures';

// A stage performance judged live (issue 16): the organizer creates a performance contest (never blind),
// registers two acts in their order of appearance, judges score on their phones during the show, and the
// organizer's live scoreboard settles an act the moment its last judge submits, without reloading the page.

test.use({ actionTimeout: 20_000 });

const stamp = Date.now().toString(36).toUpperCase();
const TITLE = `Hội thi sân khấu hóa ${stamp}`;
const PREFIX = `SK-${stamp}`;
const ACTS = [
	{ team: `Đội văn nghệ Phường Một ${stamp}`, title: 'Hát về Bác', order: '1' },
	{ team: `Đội xung kích Sở Y tế ${stamp}`, title: 'Tiểu phẩm: Lời thề', order: '2' }
];

/** A datetime-local value in Vietnam time, `minutes` from now. */
function vietnamLocal(minutes: number): string {
	return new Date(Date.now() + 7 * 3_600_000 + minutes * 60_000).toISOString().slice(0, 16);
}

const overflow = (page: Page) =>
	page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** A judge signed in on a 360 px phone. */
async function onPhone(browser: Browser, phone: string, password: string, fullName: string) {
	const context = await browser.newContext({
		locale: 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh',
		viewport: { width: 360, height: 740 },
		isMobile: true,
		hasTouch: true
	});
	const page = await context.newPage();
	const login = new LoginPage(page);
	await login.goto();
	await login.signIn(phone, password);
	await expectSignedInAs(page, fullName);
	return page;
}

/** The judge opens the act at the top of their queue and scores it. */
async function scoreFirstLeft(judge: Page, team: string, content: number, form: number) {
	await judge.goto('/judge');
	const region = judge.getByRole('region', { name: new RegExp(TITLE) });
	await region.getByRole('row').filter({ hasText: team }).getByRole('link').click();
	await expect(judge.getByTestId('entry-identity')).toContainText(team);
	await expect(judge.getByText('Phần thi biểu diễn trực tiếp')).toBeVisible();
	await judge.getByLabel(/Nội dung/).fill(String(content));
	await judge.getByLabel(/Hình thức/).fill(String(form));
	expect(await overflow(judge)).toBeLessThanOrEqual(0);
	await judge.getByRole('button', { name: 'Nộp điểm' }).click();
	await expect(judge.getByText('Đã nộp điểm.')).toBeVisible();
	expect(await overflow(judge)).toBeLessThanOrEqual(0);
}

test('a live performance: registered acts in order, scored on phones, settled on the live scoreboard', async ({
	browser,
	page,
	signInAs
}) => {
	test.setTimeout(240_000);
	const judgeB = newPerson({
		fullName: 'Vũ Thị Sân Khấu',
		unitQuery: 'van phong so tai',
		unitName: 'Chi bộ Văn phòng Sở Tài chính'
	});
	{
		const context = await browser.newContext({ locale: 'vi-VN' });
		const signUp = new SignUpPage(await context.newPage());
		await signUp.goto();
		await signUp.fill(judgeB);
		await signUp.submit.click();
		await expectSignedInAs(signUp.page, judgeB.fullName);
		await context.close();
	}

	await test.step('the organizer creates a performance contest: it cannot be blind', async () => {
		await signInAs('organizer');
		await page.goto('/organize/essays/new');
		await page.getByLabel('Tên cuộc thi').fill(TITLE);
		await page.getByLabel('Tiền tố mã bài').fill(PREFIX);
		await page.getByLabel('Bắt đầu nhận bài (giờ Việt Nam)').fill(vietnamLocal(-60));
		await page.getByLabel('Hạn cuối nhận bài (giờ Việt Nam)').fill(vietnamLocal(7 * 24 * 60));
		await page.getByLabel(/Biểu diễn trực tiếp/).check();
		await expect(page.getByLabel(/Chấm ẩn danh/)).not.toBeChecked();
		await expect(page.getByLabel(/Chấm ẩn danh/)).toBeDisabled();
		await page.getByRole('button', { name: 'Tạo cuộc thi' }).click();
		await expect(page.getByRole('heading', { name: TITLE, level: 1 })).toBeVisible();
		await expect(page.getByTestId('contest-kind')).toContainText('chấm công khai');

		await page.getByRole('link', { name: 'Thêm vòng chấm' }).click();
		await page.getByLabel('Tên vòng').fill('Chung kết');
		await page.getByLabel('Số giám khảo chấm mỗi bài').fill('2');
		await page.getByRole('button', { name: 'Lưu' }).click();
		await expect(page.getByText('Đã lưu vòng chấm “Chung kết”.')).toBeVisible();
		for (const judge of [DEMO.judge, judgeB]) {
			await page.getByLabel('Tìm người theo tên hoặc số điện thoại').fill(judge.phone);
			await page.getByRole('button', { name: 'Tìm', exact: true }).click();
			await expect(page).toHaveURL(/\?q=/);
			await page.getByRole('button', { name: 'Thêm vào Ban giám khảo' }).first().click();
			await expect(
				page
					.getByRole('listitem')
					.filter({ hasText: judge.fullName })
					.filter({ hasText: 'bài được phân công' })
			).toBeVisible();
		}
		await page.getByRole('button', { name: 'Công bố cuộc thi' }).click();
		await expect(page.getByRole('button', { name: 'Ngừng công bố' })).toBeVisible();
	});
	const contestUrl = page.url().replace(/\?.*$/, '');

	await test.step('the organizer registers two acts in their order of appearance', async () => {
		await page.getByRole('link', { name: 'Đội thi', exact: true }).click();
		const register = page.getByRole('region', { name: 'Đăng ký đội' });
		// a wrong phone is answered next to the field
		await register.getByLabel('Đội / đơn vị dự thi').fill(ACTS[0].team);
		await register.getByLabel('Tên tiết mục').fill(ACTS[0].title);
		await register.getByLabel('Số điện thoại người liên hệ').fill('12345');
		await register.getByRole('button', { name: 'Đăng ký' }).click();
		await expect(register.getByText(/Nhập số điện thoại di động của người liên hệ/)).toBeVisible();
		for (const act of ACTS) {
			await register.getByLabel('Đội / đơn vị dự thi').fill(act.team);
			await register.getByLabel('Tên tiết mục').fill(act.title);
			await register.getByLabel('Số điện thoại người liên hệ').fill(DEMO.participant.phone);
			await expect(register.getByLabel('Thứ tự biểu diễn')).toHaveValue(act.order);
			await register.getByRole('button', { name: 'Đăng ký' }).click();
			await expect(register.getByText(/Đã đăng ký bài/)).toBeVisible();
			await expect(page.getByRole('row').filter({ hasText: act.team })).toBeVisible();
		}
	});

	await test.step('submissions close, the round opens and both judges are on both acts', async () => {
		await page.goto(contestUrl);
		const stages = page.getByRole('region', { name: /Giai đoạn cuộc thi/ });
		await stages.getByRole('button', { name: 'Đóng nhận bài ngay' }).click();
		await expect(stages.getByText('Đã đóng nhận bài. Bài dự thi đã đóng băng.')).toBeVisible();
		await page
			.getByRole('listitem')
			.filter({ has: page.getByRole('heading', { name: 'Chung kết' }) })
			.getByRole('link', { name: 'Phân công và kết quả chấm' })
			.click();
		await page.getByRole('button', { name: 'Đưa bài vào vòng' }).click();
		await expect(page.getByRole('status').filter({ hasText: /Đã thêm 2 bài vào vòng/ })).toBeVisible();
		await page.getByRole('button', { name: 'Phân công tự động' }).click();
		await expect(page.getByRole('status').filter({ hasText: /Đã tạo 4 phân công/ })).toBeVisible();
	});

	const judgeA = await onPhone(browser, DEMO.judge.phone, DEMO.judge.password, DEMO.judge.fullName);
	await test.step('on a 360 px phone the judge sees the acts in order of appearance and scores the first', async () => {
		await judgeA.goto('/judge');
		const rows = judgeA.getByRole('region', { name: new RegExp(TITLE) }).getByRole('row');
		await expect(rows.filter({ hasText: ACTS[0].team })).toBeVisible();
		const texts = await rows.allTextContents();
		const first = texts.findIndex((t) => t.includes(ACTS[0].team));
		const second = texts.findIndex((t) => t.includes(ACTS[1].team));
		expect(first).toBeGreaterThanOrEqual(0);
		expect(second).toBeGreaterThan(first);
		await scoreFirstLeft(judgeA, ACTS[0].team, 80, 9);
	});

	await test.step('the live scoreboard settles the act when its last judge submits', async () => {
		await page.goto(`${contestUrl}/live`);
		const row = page.getByRole('row').filter({ hasText: ACTS[0].team });
		await expect(row.getByTestId('live-judges')).toHaveText('1/2');
		await expect(row.getByText('đang chấm')).toBeVisible();
		const judgeBPage = await onPhone(browser, judgeB.phone, judgeB.password, judgeB.fullName);
		await scoreFirstLeft(judgeBPage, ACTS[0].team, 70, 9);
		// no reload: the page polls
		await expect(row.getByTestId('live-judges')).toHaveText('2/2', { timeout: 15_000 });
		await expect(row.getByTestId('live-score')).toHaveText('84');
		const next = page.getByRole('row').filter({ hasText: ACTS[1].team });
		await expect(next.getByText('đang chấm')).toBeVisible();
	});
});
