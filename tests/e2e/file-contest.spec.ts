import sharp from 'sharp';
import type { Browser, Page } from '@playwright/test';
import { DEMO, LoginPage, expect, expectSignedInAs, test } from './fixtures';

// A contest of files (issue 16): the organizer creates a blind contest of the file kind, the demo participant
// sends a PNG whose EXIF names them (a text file called .png is refused by its content first), and the demo judge
// sees the picture inline, without the EXIF, and scores it. Nobody else can open the picture's address.

test.use({ actionTimeout: 20_000 });

const stamp = Date.now().toString(36).toUpperCase();
const TITLE = `Ảnh đẹp quê hương ${stamp}`;
const PREFIX = `ANH-${stamp}`;
const AUTHOR = DEMO.participant.fullName;

async function photo(): Promise<Buffer> {
	return sharp({ create: { width: 320, height: 200, channels: 3, background: '#1e8449' } })
		.withExif({ IFD0: { Artist: AUTHOR, Copyright: AUTHOR } })
		.png()
		.toBuffer();
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

test('a participant sends a picture to a file contest; the judge sees it inline without its EXIF and scores it', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const organizer = await signedIn(browser, DEMO.organizer);
	await test.step('a blind contest of files with one round and the demo judge', async () => {
		await organizer.goto('/organize/essays/new');
		await organizer.getByLabel('Tên cuộc thi').fill(TITLE);
		await organizer.getByLabel('Tiền tố mã bài').fill(PREFIX);
		await organizer.getByLabel('Bắt đầu nhận bài (giờ Việt Nam)').fill(vietnamLocal(-60));
		await organizer.getByLabel('Hạn cuối nhận bài (giờ Việt Nam)').fill(vietnamLocal(7 * 24 * 60));
		await organizer.getByLabel(/Tệp khác/).check();
		await organizer.getByLabel(/Chấm ẩn danh/).check();
		await organizer.getByRole('button', { name: 'Tạo cuộc thi' }).click();
		await expect(organizer.getByRole('heading', { name: TITLE, level: 1 })).toBeVisible();
		await organizer.getByRole('link', { name: 'Thêm vòng chấm' }).click();
		await organizer.getByLabel('Tên vòng').fill('Chung khảo');
		await organizer.getByLabel('Số giám khảo chấm mỗi bài').fill('1');
		await organizer.getByRole('button', { name: 'Lưu' }).click();
		await expect(organizer.getByText('Đã lưu vòng chấm “Chung khảo”.')).toBeVisible();
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
	await test.step('the participant sends a PNG: a text file named .png is refused next to the field', async () => {
		const participant = await signedIn(browser, DEMO.participant);
		await participant.goto('/essays');
		await participant.getByRole('link', { name: TITLE }).click();
		await participant.getByLabel('Tên bài dự thi').fill('Cánh đồng lúa chín');
		await participant.getByRole('button', { name: 'Viết bài dự thi' }).click();
		const heading = participant.getByRole('heading', { name: new RegExp(`^Bài dự thi ${PREFIX}-`) });
		await expect(heading).toBeVisible();
		entryCode = ((await heading.textContent()) ?? '').replace('Bài dự thi', '').trim();
		const field = participant.getByLabel('Tệp dự thi (ảnh PNG/JPEG, trình chiếu .pptx hoặc .pdf)');
		await field.setInputFiles({
			name: 'anh.png',
			mimeType: 'image/png',
			buffer: Buffer.from('đây không phải là ảnh')
		});
		await participant.getByRole('button', { name: 'Nộp bài' }).click();
		await expect(field).toHaveAttribute('aria-invalid', 'true');
		await expect(
			participant.getByText('Chỉ nhận ảnh PNG/JPEG, trình chiếu .pptx hoặc tệp .pdf.')
		).toBeVisible();
		await field.setInputFiles({ name: 'canh-dong.png', mimeType: 'image/png', buffer: await photo() });
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
		await organizer.getByRole('button', { name: 'Phân công tự động' }).click();
		await expect(organizer.getByRole('status').filter({ hasText: /Đã tạo 1 phân công/ })).toBeVisible();
	});

	const judge = await signedIn(browser, DEMO.judge);
	await judge.goto('/judge');
	await judge
		.getByRole('region', { name: `${TITLE} · Chung khảo` })
		.getByRole('link', { name: entryCode })
		.click();
	const picture = judge.getByRole('img', {
		name: `Ảnh dự thi của bài ${entryCode} (đã ẩn thông tin tác giả)`
	});
	await expect(picture).toBeVisible();
	await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
	await expect(judge.getByText(AUTHOR)).toHaveCount(0);

	const src = (await picture.getAttribute('src'))!;
	expect(src).toMatch(/\/judge\/assignments\/\d+\/view$/);
	const served = await judge.request.get(src);
	expect(served.status()).toBe(200);
	expect(served.headers()['content-type']).toBe('image/png');
	expect(served.headers()['content-security-policy']).toMatch(/^sandbox;/);
	const body = await served.body();
	expect((await sharp(body).metadata()).exif).toBeUndefined();
	expect(body.includes(Buffer.from(AUTHOR))).toBe(false);

	await judge.getByLabel(/Nội dung/).fill('70');
	await judge.getByLabel(/Hình thức/).fill('8');
	await judge.getByRole('button', { name: 'Nộp điểm' }).click();
	await expect(judge.getByText('Đã nộp điểm.')).toBeVisible();
	await judge.screenshot({ path: 'test-results/file-contest-judge.png' });

	// the participant who sent it cannot open the judge's address
	const other = await signedIn(browser, DEMO.participant);
	expect((await other.request.get(src)).status()).toBe(403);
});
