import sharp from 'sharp';
import { expect, newPerson, SignUpPage, test } from './fixtures';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** An instant as a `datetime-local` value in Vietnam time (UTC+7): "2026-11-23T10:00". */
const vietnamLocal = (ms: number) => new Date(ms + 7 * 60 * MINUTE).toISOString().slice(0, 16);

test('an organizer adds a question with a picture; a participant sees it on a phone and enlarges it', async ({
	page,
	browser,
	signInAs
}) => {
	test.setTimeout(180_000);
	const suffix = Date.now().toString(36).toUpperCase();
	const topicName = `Di tích lịch sử ${suffix}`;
	const contestTitle = `Tìm hiểu di tích ${suffix}`;
	const question = `Ngôi nhà trong ảnh ở đâu? (${suffix})`;
	// a wide PNG, named as a JPEG: the content decides, and it is scaled down to 1600 px
	const picture = await sharp({
		create: { width: 2400, height: 1200, channels: 3, background: { r: 150, g: 110, b: 60 } }
	})
		.png()
		.toBuffer();

	await test.step('the organizer writes the question, and must describe the picture', async () => {
		await signInAs('organizer');
		await page.goto('/organize/bank');
		await page.getByLabel('Tên chủ đề').fill(topicName);
		await page.getByRole('button', { name: 'Tạo chủ đề' }).click();
		await expect(page.getByRole('status')).toHaveText(`Đã tạo chủ đề “${topicName}”.`);
		await page.getByRole('table').getByRole('link', { name: topicName }).click();
		await page.getByRole('link', { name: 'Thêm câu hỏi' }).click();

		await page.getByLabel('Nội dung câu hỏi').fill(question);
		await page
			.locator('#question-picture-file')
			.setInputFiles({ name: 'nha-san.jpg', mimeType: 'image/jpeg', buffer: picture });
		await expect(page.getByRole('img', { name: 'Ảnh đã chọn' })).toBeVisible();
		await page.getByLabel('Phương án A').fill('Làng Sen, Kim Liên');
		await page.getByLabel('Phương án B').fill('Pác Bó, Cao Bằng');
		await page.getByLabel('Phương án C').fill('Ba Đình, Hà Nội');
		await page.getByLabel('Phương án D').fill('Bến Nhà Rồng');
		await page.getByRole('checkbox', { name: 'Đúng (A)' }).check();
		await page.getByRole('button', { name: 'Lưu câu hỏi' }).click();
		const alt = page.getByLabel('Mô tả ảnh (bắt buộc)');
		await expect(alt).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByText('Nhập mô tả cho ảnh này.')).toBeVisible();

		await alt.fill('Ngôi nhà tranh ba gian bên hàng cau');
		await page.getByRole('button', { name: 'Lưu câu hỏi' }).click();
		await expect(
			page.getByText(`Đã thêm câu hỏi vào chủ đề “${topicName}”.`, { exact: false })
		).toBeVisible();
	});

	await test.step('the organizer runs a contest drawing that question', async () => {
		await page.goto('/organize/contests/new');
		await page.getByLabel('Tên cuộc thi').fill(contestTitle);
		await page.getByRole('radio', { name: 'Mọi người đều được tham gia' }).check();
		await page.getByRole('button', { name: 'Tạo cuộc thi' }).click();
		await expect(page.getByRole('heading', { name: contestTitle, level: 1 })).toBeVisible();
		await page.getByRole('link', { name: 'Thêm vòng thi' }).click();
		await page.getByLabel('Tên vòng thi').fill('Tuần 1');
		await page.getByLabel('Giờ mở').fill(vietnamLocal(Date.now() - 5 * MINUTE));
		await page.getByLabel('Giờ đóng').fill(vietnamLocal(Date.now() + 3 * DAY));
		await page.getByLabel(topicName, { exact: true }).fill('1');
		await page.getByLabel('Thời gian tối thiểu mỗi câu (giây)').fill('0');
		await page.getByRole('button', { name: 'Tạo vòng thi' }).click();
		await expect(page.getByRole('status')).toHaveText('Đã lưu vòng thi “Tuần 1”.');
		await page.getByRole('button', { name: 'Công bố cuộc thi' }).click();
		await expect(page.getByRole('heading', { name: 'Trạng thái Đã công bố' })).toBeVisible();
	});

	const phone = await browser.newContext({
		viewport: { width: 360, height: 740 },
		isMobile: true,
		hasTouch: true
	});
	const participant = await phone.newPage();
	let pictureUrl = '';

	await test.step('a participant sees the picture within a 360 px screen and enlarges it', async () => {
		const signUp = new SignUpPage(participant);
		await signUp.goto();
		await signUp.fill(newPerson({ fullName: 'Lê Thị Xem Ảnh' }));
		await signUp.submit.click();
		await expect(participant.getByText('Xin chào, Lê Thị Xem Ảnh.')).toBeVisible();
		await participant.goto('/contests');
		await participant
			.getByRole('region', { name: contestTitle })
			.getByRole('link', { name: 'Tuần 1' })
			.click();
		await participant.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
		await expect(participant).toHaveURL(/\/quiz\/\d+$/);

		const group = participant.getByRole('group', { name: question });
		const shown = group.getByRole('img', { name: 'Ngôi nhà tranh ba gian bên hàng cau' });
		await expect(shown).toBeVisible();
		await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1600);
		const box = (await shown.boundingBox())!;
		expect(box.width).toBeLessThanOrEqual(360);
		expect(box.width).toBeGreaterThan(200);
		expect(await participant.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
		pictureUrl = (await shown.getAttribute('src'))!;
		// the address names the question's place in the attempt, nothing of the bank or the answer
		expect(pictureUrl).toMatch(/^\/quiz\/\d+\/pictures\/0\/q$/);

		await group.getByRole('button', { name: /Phóng to ảnh/ }).tap();
		const dialog = participant.getByRole('dialog', { name: 'Ảnh phóng to' });
		await expect(dialog).toBeVisible();
		const enlarged = dialog.getByRole('img', { name: 'Ngôi nhà tranh ba gian bên hàng cau' });
		await expect(enlarged).toBeVisible();
		expect((await enlarged.boundingBox())!.width).toBeLessThanOrEqual(360);
		await dialog.getByRole('button', { name: 'Đóng' }).click();
		await expect(dialog).toBeHidden();
	});

	await test.step('another participant cannot open that picture', async () => {
		const other = await browser.newContext();
		const page2 = await other.newPage();
		const signUp = new SignUpPage(page2);
		await signUp.goto();
		await signUp.fill(newPerson({ fullName: 'Trần Văn Tò Mò' }));
		await signUp.submit.click();
		await expect(page2.getByText('Xin chào, Trần Văn Tò Mò.')).toBeVisible();
		const response = await page2.request.get(pictureUrl);
		expect(response.status()).toBe(404);
		const own = await participant.request.get(pictureUrl);
		expect(own.status()).toBe(200);
		expect(own.headers()['content-type']).toBe('image/png');
		await other.close();
	});
	await phone.close();
});
