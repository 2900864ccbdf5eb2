import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Browser, Page } from '@playwright/test';
import { DEMO, LoginPage, expect, expectSignedInAs, test } from './fixtures';

// A PDF entry reads inline in the judge's workspace: the author-free copy of the submitted version, in a frame
// served with `Content-Security-Policy: sandbox` (Chromium's viewer draws it; an iframe sandbox attribute would not).
// The organizer sets up a one-round contest with the demo judge, the demo participant submits a PDF whose
// metadata names them, and the judge opens it.

test.use({ actionTimeout: 20_000 });

const stamp = Date.now().toString(36).toUpperCase();
const TITLE = `Bài viết PDF ${stamp}`;
const PREFIX = `PDF-${stamp}`;
const AUTHOR = DEMO.participant.fullName;

async function pdfFile(): Promise<Buffer> {
	const doc = await PDFDocument.create();
	doc.setAuthor(AUTHOR);
	doc.setTitle(`Bai cua ${AUTHOR}`);
	const font = await doc.embedFont(StandardFonts.Helvetica);
	const page = doc.addPage([595, 842]);
	const lines = [
		'Giua nui rung Tay Bac, co mot nguoi bac si tre da o lai ban suot muoi nam.',
		'Anh di bo hang gio de kham cho tung cu gia, tung em nho, khong quan nang mua.'
	];
	lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 20, size: 12, font }));
	return Buffer.from(await doc.save());
}

async function signedIn(browser: Browser, who: (typeof DEMO)[keyof typeof DEMO]): Promise<Page> {
	const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
	const page = await context.newPage();
	const login = new LoginPage(page);
	await login.goto();
	await login.signIn(who.phone, who.password);
	await expectSignedInAs(page, who.fullName);
	return page;
}

const vietnamLocal = (minutes: number) =>
	new Date(Date.now() + 7 * 3_600_000 + minutes * 60_000).toISOString().slice(0, 16);

test('a judge reads a PDF entry inline, in a sandboxed frame, without the author', async ({ browser }) => {
	test.setTimeout(180_000);
	const organizer = await signedIn(browser, DEMO.organizer);
	await test.step('a one-round contest with the demo judge', async () => {
		await organizer.goto('/organize/essays/new');
		await organizer.getByLabel('Tên cuộc thi').fill(TITLE);
		await organizer.getByLabel('Tiền tố mã bài').fill(PREFIX);
		await organizer.getByLabel('Bắt đầu nhận bài (giờ Việt Nam)').fill(vietnamLocal(-60));
		await organizer.getByLabel('Hạn cuối nhận bài (giờ Việt Nam)').fill(vietnamLocal(7 * 24 * 60));
		await organizer.getByRole('button', { name: 'Tạo cuộc thi' }).click();
		await expect(organizer.getByRole('heading', { name: TITLE, level: 1 })).toBeVisible();
		await organizer.getByRole('link', { name: 'Thêm vòng chấm' }).click();
		await organizer.getByLabel('Tên vòng').fill('Sơ khảo');
		await organizer.getByLabel('Số giám khảo chấm mỗi bài').fill('1');
		await organizer
			.getByLabel('Mô tả các mức điểm của tiêu chí 1 (mỗi mức một dòng, có thể bỏ trống)')
			.fill('80–90: chân thực, cảm động\n0–79: còn chung chung');
		await organizer.getByRole('button', { name: 'Lưu' }).click();
		await expect(organizer.getByText('Đã lưu vòng chấm “Sơ khảo”.')).toBeVisible();
		await organizer.getByLabel('Tìm người theo tên hoặc số điện thoại').fill(DEMO.judge.phone);
		await organizer.getByRole('button', { name: 'Tìm', exact: true }).click();
		await expect(organizer).toHaveURL(/\?q=/);
		await organizer.getByRole('button', { name: 'Thêm vào Ban giám khảo' }).first().click();
		await expect(
			organizer
				.getByRole('listitem')
				.filter({ hasText: DEMO.judge.fullName })
				.filter({ hasText: 'bài được phân công' })
		).toBeVisible();
		await organizer.getByRole('button', { name: 'Công bố cuộc thi' }).click();
		await expect(organizer.getByRole('button', { name: 'Ngừng công bố' })).toBeVisible();
	});
	const contestUrl = organizer.url();

	let entryCode = '';
	await test.step('the participant submits a PDF whose metadata names them', async () => {
		const participant = await signedIn(browser, DEMO.participant);
		await participant.goto('/essays');
		await participant.getByRole('link', { name: TITLE }).click();
		await participant.getByLabel('Tên bài dự thi').fill('Người thầy thuốc của bản');
		await participant.getByRole('button', { name: 'Viết bài dự thi' }).click();
		const heading = participant.getByRole('heading', { name: new RegExp(`^Bài dự thi ${PREFIX}-`) });
		await expect(heading).toBeVisible();
		entryCode = ((await heading.textContent()) ?? '').replace('Bài dự thi', '').trim();
		await participant.getByLabel('Tệp bài dự thi (.docx hoặc .pdf)').setInputFiles({
			name: 'bai-cua-toi.pdf',
			mimeType: 'application/pdf',
			buffer: await pdfFile()
		});
		await participant.getByRole('button', { name: 'Nộp bài' }).click();
		await expect(participant.getByText(/Bài đã nộp ngày/)).toBeVisible();
		await participant.context().close();
	});

	await test.step('submissions close and the entry goes to the demo judge', async () => {
		await organizer.goto(contestUrl);
		const stages = organizer.getByRole('region', { name: /Giai đoạn cuộc thi/ });
		await stages.getByRole('button', { name: 'Đóng nhận bài ngay' }).click();
		await expect(stages.getByText('Đã đóng nhận bài. Bài dự thi đã đóng băng.')).toBeVisible();
		await organizer.getByRole('link', { name: 'Phân công và kết quả chấm' }).first().click();
		await organizer.getByRole('button', { name: 'Đưa bài vào vòng' }).click();
		await expect(organizer.getByRole('status').filter({ hasText: /Đã thêm 1 bài vào vòng/ })).toBeVisible();
		await organizer.getByLabel('Mã bài').fill(entryCode);
		const select = organizer.locator('select[name="judgeId"]');
		const value = await select.locator('option', { hasText: DEMO.judge.fullName }).getAttribute('value');
		await select.selectOption(value!);
		await organizer.getByRole('button', { name: 'Phân công', exact: true }).click();
		await expect(organizer.getByRole('status').filter({ hasText: /Đã phân công/ })).toBeVisible();
	});

	const judge = await signedIn(browser, DEMO.judge);
	await judge.goto('/judge');
	await judge
		.getByRole('region', { name: `${TITLE} · Sơ khảo` })
		.getByRole('link', { name: entryCode })
		.click();
	await expect(judge.getByText('80–90: chân thực, cảm động')).toBeVisible();
	const frame = judge.locator(`iframe[title="Tệp PDF của bài ${entryCode} (đã ẩn tên tác giả)"]`);
	await expect(frame).toBeVisible();
	const src = (await frame.getAttribute('src'))!;
	expect(src).toMatch(/\/judge\/assignments\/\d+\/view$/);
	// the frame holds Chromium's PDF viewer, not an error page
	await expect
		.poll(() => judge.frames().some((f) => f.url().startsWith('chrome-extension://')), { timeout: 15_000 })
		.toBe(true);
	expect(judge.frames().some((f) => f.url().startsWith('chrome-error://'))).toBe(false);

	const served = await judge.request.get(src);
	expect(served.status()).toBe(200);
	expect(served.headers()['content-type']).toBe('application/pdf');
	expect(served.headers()['content-disposition']).toBe(`inline; filename="${entryCode}.pdf"`);
	expect(served.headers()['content-security-policy']).toMatch(/^sandbox;.*frame-ancestors 'self'/);
	const bytes = (await served.body()).toString('latin1');
	expect(bytes).toContain('%PDF');
	expect(bytes).not.toContain('Author');
	expect(Buffer.from(await served.body()).includes(Buffer.from(AUTHOR, 'utf16le').swap16())).toBe(false);
	await judge.screenshot({ path: 'test-results/judge-pdf.png' });

	// another person cannot open the frame's address
	const other = await signedIn(browser, DEMO.participant);
	expect((await other.request.get(src)).status()).toBe(403);
});
