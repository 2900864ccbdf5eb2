import fs from 'node:fs/promises';
import JSZip from 'jszip';
import type { Browser, Download, Page } from '@playwright/test';
import { DEMO, LoginPage, SignUpPage, expect, expectSignedInAs, newPerson, test } from './fixtures';

// The whole life of an essay contest, as its people live it: the organizer sets it up, a participant submits a
// Word file, two judges disagree by 25 points, a third judge is called in and scores, the organizer closes the
// round, advances, awards and publishes, and the participant sees the result (also on the public page).

test.use({ actionTimeout: 20_000 });

const stamp = Date.now().toString(36).toUpperCase();
const TITLE = `Viết về gương sáng quanh ta ${stamp}`;
const PREFIX = `E2E-${stamp}`;
const ENTRY_TITLE = `Người thầy thuốc của bản làng ${stamp}`;
const AUTHOR = DEMO.participant.fullName;

/** A real Word file (a zip with the parts Word writes) whose metadata names the author. */
async function wordFile(paragraphs: string[]): Promise<Buffer> {
	const zip = new JSZip();
	zip.file(
		'[Content_Types].xml',
		'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>'
	);
	zip.file(
		'_rels/.rels',
		'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>'
	);
	const body = paragraphs.map((p) => `<w:p><w:r><w:t>${p}</w:t></w:r></w:p>`).join('');
	zip.file(
		'word/document.xml',
		`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`
	);
	zip.file(
		'docProps/core.xml',
		`<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${AUTHOR}</dc:creator><cp:lastModifiedBy>${AUTHOR}</cp:lastModifiedBy></cp:coreProperties>`
	);
	return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

async function signedIn(browser: Browser, phone: string, password: string, fullName: string): Promise<Page> {
	const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
	const page = await context.newPage();
	const login = new LoginPage(page);
	await login.goto();
	await login.signIn(phone, password);
	await expectSignedInAs(page, fullName);
	return page;
}

/** A datetime-local value in Vietnam time, `minutes` from now. */
function vietnamLocal(minutes: number): string {
	return new Date(Date.now() + 7 * 3_600_000 + minutes * 60_000).toISOString().slice(0, 16);
}

/** The manual assignment form on a round's judging page: this judge for this entry. */
async function assign(page: Page, entryCode: string, judgeName: string) {
	await page.getByLabel('Mã bài').fill(entryCode);
	const select = page.locator('select[name="judgeId"]');
	const value = await select.locator('option', { hasText: judgeName }).getAttribute('value');
	await select.selectOption(value!);
	// the answer to this very post (a status left by an earlier assignment must not count)
	const answered = page.waitForResponse(
		(r) => r.url().includes('?/manual') && r.request().method() === 'POST'
	);
	await page.getByRole('button', { name: 'Phân công', exact: true }).click();
	expect((await answered).ok()).toBe(true);
	await expect(page.getByRole('status').filter({ hasText: /Đã phân công/ })).toBeVisible();
}

/** Scores an entry: one value per criterion (Nội dung, Hình thức), then submits. */
async function downloaded(download: Download): Promise<Buffer> {
	return fs.readFile(await download.path());
}

async function score(judge: Page, round: string, entryCode: string, content: number, form: number) {
	await judge.goto('/judge');
	await judge
		.getByRole('region', { name: `${TITLE} · ${round}` })
		.getByRole('link', { name: entryCode })
		.click();
	await expect(judge.getByText(AUTHOR)).toHaveCount(0);
	// the submitted Word file reads inline (sanitized HTML of the author-free copy): no download needed
	await expect(judge.getByTestId('docx')).toContainText('có một người bác sĩ trẻ đã ở lại bản suốt mười năm');
	await expect(judge.getByText('bai-du-thi-cua-toi')).toHaveCount(0);
	await judge.getByLabel(/Nội dung/).fill(String(content));
	await judge.getByLabel(/Hình thức/).fill(String(form));
	await judge.getByLabel('Nhận xét').fill('Bài viết chân thực, cảm động.');
	await judge.getByRole('button', { name: 'Nộp điểm' }).click();
	await expect(judge.getByText('Đã nộp điểm.')).toBeVisible();
}

test('an essay contest from set-up to published results, with a third judge on a 25-point gap', async ({
	browser,
	page,
	signInAs
}) => {
	test.setTimeout(300_000);

	// Two more judges sign up in units far from the participant's (Sở Y tế): conflicts would exclude them.
	const judgeB = newPerson({
		fullName: 'Vũ Thị Giám Khảo',
		unitQuery: 'van phong so tai',
		unitName: 'Chi bộ Văn phòng Sở Tài chính'
	});
	const judgeC = newPerson({
		fullName: 'Hoàng Văn Phúc Khảo',
		unitQuery: 'van phong so tu',
		unitName: 'Chi bộ Văn phòng Sở Tư pháp'
	});
	for (const person of [judgeB, judgeC]) {
		const context = await browser.newContext({ locale: 'vi-VN' });
		const signUp = new SignUpPage(await context.newPage());
		await signUp.goto();
		await signUp.fill(person);
		await signUp.submit.click();
		await expectSignedInAs(signUp.page, person.fullName);
		await context.close();
	}

	await test.step('the organizer sets the contest up and publishes it', async () => {
		await signInAs('organizer');
		await page.goto('/organize/essays/new');
		await page.getByLabel('Tên cuộc thi').fill(TITLE);
		await page.getByLabel('Tiền tố mã bài').fill(PREFIX);
		await page.getByLabel('Bắt đầu nhận bài (giờ Việt Nam)').fill(vietnamLocal(-60));
		await page.getByLabel('Hạn cuối nhận bài (giờ Việt Nam)').fill(vietnamLocal(7 * 24 * 60));
		await page.getByRole('button', { name: 'Tạo cuộc thi' }).click();
		await expect(page.getByRole('heading', { name: TITLE, level: 1 })).toBeVisible();

		for (const round of [
			{ name: 'Sơ khảo', judges: '2', k: '1' },
			{ name: 'Chung khảo', judges: '1', k: null }
		]) {
			await page.getByRole('link', { name: 'Thêm vòng chấm' }).click();
			await page.getByLabel('Tên vòng').fill(round.name);
			await page.getByLabel('Số giám khảo chấm mỗi bài').fill(round.judges);
			if (round.k) {
				await page.getByLabel('Lấy K bài điểm cao nhất').check();
				await page.getByLabel('Số bài (K) hoặc mức điểm').fill(round.k);
			}
			await page.getByRole('button', { name: 'Lưu' }).click();
			await expect(page.getByText(`Đã lưu vòng chấm “${round.name}”.`)).toBeVisible();
		}

		await page.getByRole('button', { name: 'Mẫu Nhất / Nhì / Ba / Khuyến khích' }).click();
		await page.getByRole('button', { name: 'Lưu cơ cấu giải' }).click();
		await expect(page.getByText('Đã lưu cơ cấu giải.')).toBeVisible();

		for (const judge of [DEMO.judge, judgeB, judgeC]) {
			await page.getByLabel('Tìm người theo tên hoặc số điện thoại').fill(judge.phone);
			await page.getByRole('button', { name: 'Tìm', exact: true }).click();
			await expect(page).toHaveURL(/\?q=/);
			await page.getByRole('button', { name: 'Thêm vào Ban giám khảo' }).first().click();
			// the panel's list of judges now has them (the search results say "Đã là giám khảo")
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
	const contestUrl = page.url();

	let entryCode = '';
	const uploaded = await wordFile([
		'Giữa núi rừng Tây Bắc, có một người bác sĩ trẻ đã ở lại bản suốt mười năm.',
		'Anh đi bộ hàng giờ để khám cho từng cụ già, từng em nhỏ, không quản nắng mưa.'
	]);
	const participant = await signedIn(browser, DEMO.participant.phone, DEMO.participant.password, AUTHOR);
	await test.step('the participant writes an entry with a Word file and submits it', async () => {
		await participant.goto('/essays');
		await participant.getByRole('link', { name: TITLE }).click();
		await participant.getByLabel('Tên bài dự thi').fill(ENTRY_TITLE);
		await participant.getByRole('button', { name: 'Viết bài dự thi' }).click();
		const heading = participant.getByRole('heading', { name: new RegExp(`^Bài dự thi ${PREFIX}-`) });
		await expect(heading).toBeVisible();
		entryCode = ((await heading.textContent()) ?? '').replace('Bài dự thi', '').trim();
		expect(entryCode).toMatch(new RegExp(`^${PREFIX}-\\d+$`));

		await participant.getByLabel('Tệp bài dự thi (.docx hoặc .pdf)').setInputFiles({
			name: 'bai-du-thi-cua-toi.docx',
			mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			buffer: uploaded
		});
		await participant.getByRole('button', { name: 'Nộp bài' }).click();
		await expect(participant.getByText(/Bài đã nộp ngày/)).toBeVisible();
		await expect(participant.getByText(/Số chữ \(tính từ tệp đính kèm\): 3\d/).first()).toBeVisible();
		// the author gets back exactly what they sent, from whichever store the server uses
		const [own] = await Promise.all([
			participant.waitForEvent('download'),
			participant.getByRole('link', { name: 'bai-du-thi-cua-toi.docx' }).first().click()
		]);
		expect(own.suggestedFilename()).toBe('bai-du-thi-cua-toi.docx');
		expect(await downloaded(own)).toEqual(uploaded);
	});

	await test.step('judging cannot open while submissions are open; the organizer closes them', async () => {
		await page.goto(contestUrl);
		const stages = page.getByRole('region', { name: /Giai đoạn cuộc thi/ });
		await expect(stages.locator('[aria-current="step"]')).toContainText('Đang nhận bài');
		await page
			.getByRole('listitem')
			.filter({ has: page.getByRole('heading', { name: 'Sơ khảo' }) })
			.getByRole('link', { name: 'Phân công và kết quả chấm' })
			.click();
		await expect(page).toHaveURL(/\/judging$/);
		const judging = page.url();
		await page.getByRole('button', { name: 'Đưa bài vào vòng' }).click();
		await expect(page.getByText(/Chưa thể mở vòng chấm: cuộc thi vẫn đang nhận bài/)).toBeVisible();

		await page.goto(contestUrl);
		await stages.getByRole('button', { name: 'Đóng nhận bài ngay' }).click();
		await expect(stages.getByText('Đã đóng nhận bài. Bài dự thi đã đóng băng.')).toBeVisible();
		await expect(stages.locator('[aria-current="step"]')).toContainText('Đã đóng nhận bài');

		// the author can no longer change or withdraw the entry
		await participant.goto('/essays');
		await participant.getByRole('link', { name: TITLE }).click();
		await participant.getByRole('link', { name: ENTRY_TITLE }).click();
		await expect(
			participant.getByText('Cuộc thi đã đóng nhận bài: bài dự thi không còn sửa hay rút được.')
		).toBeVisible();
		await expect(participant.getByRole('button', { name: /Rút bài/ })).toHaveCount(0);
		await page.goto(judging);
	});

	await test.step('the organizer puts the entry into Sơ khảo with two chosen judges', async () => {
		await page.getByRole('button', { name: 'Đưa bài vào vòng' }).click();
		// the page re-renders with the round's entries: fill the assignment form only after that
		await expect(page.getByRole('status').filter({ hasText: /Đã thêm 1 bài vào vòng/ })).toBeVisible();
		for (const judge of [DEMO.judge, judgeB]) await assign(page, entryCode, judge.fullName);
	});
	const judgingUrl = page.url();

	const judgeA = await signedIn(browser, DEMO.judge.phone, DEMO.judge.password, DEMO.judge.fullName);
	const judgeBPage = await signedIn(browser, judgeB.phone, judgeB.password, judgeB.fullName);
	await test.step('two judges score 25 points apart: a third judge is called in', async () => {
		await score(judgeA, 'Sơ khảo', entryCode, 80, 10);
		// the judge's copy keeps the essay and loses the author's name
		const [copy] = await Promise.all([
			judgeA.waitForEvent('download'),
			judgeA.getByRole('link', { name: 'Tải tệp bài dự thi (đã ẩn tên tác giả)' }).click()
		]);
		expect(copy.suggestedFilename()).toBe(`${entryCode}.docx`);
		const zip = await JSZip.loadAsync(await downloaded(copy));
		expect(await zip.file('word/document.xml')!.async('string')).toContain('người bác sĩ trẻ');
		expect(await zip.file('docProps/core.xml')!.async('string')).not.toContain(AUTHOR);
		await score(judgeBPage, 'Sơ khảo', entryCode, 57, 8);
		// independent marking: no other judge's total while the round is open
		await expect(judgeBPage.getByText(/Chấm độc lập/)).toBeVisible();
		await expect(judgeBPage.getByText(/Điểm của các giám khảo khác/)).toHaveCount(0);

		const judgeCPage = await signedIn(browser, judgeC.phone, judgeC.password, judgeC.fullName);
		await judgeCPage.goto('/judge');
		const row = judgeCPage.getByRole('row').filter({ hasText: entryCode });
		await expect(row.getByText('Giám khảo thứ ba')).toBeVisible();
		await score(judgeCPage, 'Sơ khảo', entryCode, 75, 9);

		await page.goto(judgingUrl);
		const result = page.getByRole('row').filter({ hasText: entryCode });
		await expect(result.getByText('Lệch điểm – giám khảo thứ ba')).toBeVisible();
	});

	await test.step('the organizer closes Sơ khảo and advances the entry to Chung khảo', async () => {
		await page.getByLabel('Tôi hiểu: sau khi đóng, giám khảo không thể chấm hay sửa điểm nữa.').check();
		await page.getByRole('button', { name: 'Đóng vòng chấm' }).click();
		await expect(page.getByText('Đã đóng vòng chấm.')).toBeVisible();
		await page.getByRole('link', { name: 'Chuyển bài sang vòng sau' }).click();
		await expect(page.getByRole('row').filter({ hasText: entryCode })).toBeVisible();
		await page.getByRole('button', { name: 'Chuyển bài sang Chung khảo' }).click();
		await page.getByRole('link', { name: /Mở trang chấm của Chung khảo/ }).click();
		await assign(page, entryCode, DEMO.judge.fullName);
	});
	const finalUrl = page.url();

	await test.step('the final round is scored and closed', async () => {
		await score(judgeA, 'Chung khảo', entryCode, 85, 9);
		await page.goto(finalUrl);
		await page.getByLabel('Tôi hiểu: sau khi đóng, giám khảo không thể chấm hay sửa điểm nữa.').check();
		await page.getByRole('button', { name: 'Đóng vòng chấm' }).click();
		await expect(page.getByText('Đã đóng vòng chấm.')).toBeVisible();
	});

	await test.step('before publication the participant sees nothing of scores or awards', async () => {
		await participant.goto('/essays');
		await participant.getByRole('link', { name: TITLE }).click();
		await expect(participant.getByText(/Đạt giải|Điểm vòng/)).toHaveCount(0);
	});

	await test.step('the organizer settles the results', async () => {
		await page.goto(contestUrl);
		const stages = page.getByRole('region', { name: /Giai đoạn cuộc thi/ });
		await stages.getByRole('button', { name: 'Chốt kết quả' }).click();
		await expect(stages.getByText('Đã chốt kết quả.')).toBeVisible();
		await expect(stages.locator('[aria-current="step"]')).toContainText('Đã chốt kết quả');
	});

	await test.step('the organizer awards the suggested tier and publishes', async () => {
		await page.goto(contestUrl);
		await page.getByRole('link', { name: 'Xếp hạng, trao giải và công bố' }).click();
		await expect(page.getByLabel(`Giải cho bài ${entryCode}`)).toHaveValue('Nhất');
		await page.getByRole('button', { name: 'Lưu giải', exact: true }).click();
		await expect(page.getByRole('status').filter({ hasText: /Đã lưu/ })).toBeVisible();
		await page.getByRole('button', { name: 'Công bố kết quả' }).click();
		await expect(page.getByRole('heading', { name: 'Điều chỉnh kết quả đã công bố' })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Thu hồi công bố' })).toHaveCount(0);
	});

	await test.step('published results are final: reopening is refused, a correction needs a reason', async () => {
		// a correction without a reason is refused
		const correction = page.getByRole('region', { name: 'Điều chỉnh kết quả đã công bố' });
		await correction.getByLabel(entryCode).selectOption('Nhì');
		await correction.getByRole('button', { name: 'Lập quyết định điều chỉnh' }).click();
		await expect(correction.getByText('Hãy ghi lý do (ít nhất 10 ký tự).')).toBeVisible();

		await page.goto(contestUrl);
		const stages = page.getByRole('region', { name: /Giai đoạn cuộc thi/ });
		await expect(stages.locator('[aria-current="step"]')).toContainText('Đã công bố kết quả');
		await expect(stages.getByRole('button', { name: 'Mở lại nhận bài' })).toHaveCount(0);
		// moving the deadline into the future to reopen submissions is refused, next to the field
		const settings = page.locator('form[action="?/update"]');
		await settings.getByLabel('Hạn cuối nhận bài (giờ Việt Nam)').fill(vietnamLocal(30 * 24 * 60));
		await settings.getByRole('button', { name: 'Lưu', exact: true }).click();
		await expect(page.getByText(/Không đổi được thời gian nhận bài/)).toBeVisible();
		await page.screenshot({ path: 'test-results/essay-stages-published.png', fullPage: true });
	});

	await test.step('the participant sees the result, and the public page lists the winner', async () => {
		await participant.goto('/essays');
		await participant.getByRole('link', { name: TITLE }).click();
		await expect(participant.getByText('Đạt giải Nhất')).toBeVisible();
		await participant.getByRole('link', { name: 'Xem danh sách đạt giải' }).first().click();
		const winner = participant.getByRole('row').filter({ hasText: ENTRY_TITLE });
		await expect(winner).toContainText(AUTHOR);
		await expect(winner).toContainText('Chi bộ Văn phòng Sở Y tế');
	});
});
