import {
	DEMO,
	expect,
	expectSignedInAs,
	LoginPage,
	newPerson,
	SignUpPage,
	test,
	submitQuiz,
	postForm
} from './fixtures';

test('a bad prediction gets a message and never blocks the submit; a failing submit backs off', async ({
	page
}) => {
	const person = newPerson({ fullName: 'Đỗ Thị Dự Đoán' });
	const signUp = new SignUpPage(page);
	await signUp.goto();
	await signUp.fill(person);
	await signUp.submit.click();
	await expect(page.getByText(`Xin chào, ${person.fullName}.`)).toBeVisible();

	await page.getByRole('link', { name: 'Các cuộc thi', exact: true }).click();
	await page.getByRole('link', { name: 'Tuần thi thứ hai' }).click();
	await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
	await expect(page).toHaveURL(/\/quiz\/\d+$/);

	const prediction = page.getByLabel(/Câu hỏi dự đoán/);
	const saved = page.waitForResponse((r) => r.url().endsWith('/save') && r.request().method() === 'POST');
	await prediction.fill('25');
	await prediction.blur();
	await saved;
	await prediction.fill('3.5');
	await prediction.blur();
	await expect(page.getByText('Dự đoán phải là một số nguyên không âm', { exact: false })).toBeVisible();
	await expect(prediction).toHaveAttribute('aria-invalid', 'true');

	// the server is overloaded for a while: the page retries, spaced out, and says so
	let posts = 0;
	const overloaded = (url: URL) => url.search.includes('/submit');
	await page.route(overloaded, async (route) => {
		posts++;
		await route.fulfill({ status: 503, headers: { 'retry-after': '1' }, body: 'Service Unavailable' });
	});
	await submitQuiz(page);
	await expect(page.getByText('Chưa nộp được bài; trang sẽ tự thử lại', { exact: false })).toBeVisible();
	await page.waitForTimeout(5_000);
	// one post per 500 ms tick would be 10 here
	expect(posts).toBeGreaterThanOrEqual(2);
	expect(posts).toBeLessThanOrEqual(3);

	await page.unroute(overloaded);
	await expect(page.getByRole('heading', { name: 'Kết quả bài làm' })).toBeVisible({ timeout: 20_000 });
	// the bad value never replaced the prediction saved before
	await expect(page.getByText('Dự đoán của bạn: 25')).toBeVisible();
});

test('stages freeze in order: a settled round cannot be reopened, published results stay, practice keeps its own topics', async ({
	page,
	signInAs
}) => {
	await signInAs('organizer');
	await page.goto('/organize/contests');
	await page.getByRole('link', { name: /Tìm hiểu Quy tắc ứng xử và tư tưởng/ }).click();

	// week 1: closed, settled, published: no way back for its results
	const week1 = page.getByRole('article', { name: 'Tuần thi thứ nhất', exact: true });
	await expect(week1).toContainText('Đã công bố');
	await expect(week1.getByRole('button', { name: 'Ẩn kết quả' })).toHaveCount(0);
	await expect(week1.getByRole('button', { name: 'Tạm khóa bảng xếp hạng' })).toHaveCount(0);
	const contestUrl = page.url();

	// reopening it by moving its close is refused, with the reason next to the field
	await week1.getByRole('link', { name: /Sửa/ }).click();
	const closes = page.getByLabel('Giờ đóng');
	const later = new Date(Date.now() + 7 * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 16);
	await closes.fill(later);
	await page.getByRole('button', { name: 'Lưu' }).click();
	await expect(page.getByText('Vòng thi đã được tổng kết; không đổi giờ đóng được nữa.')).toBeVisible();

	// a practice round on a topic the open week 2 draws from is refused: practice would show its answers
	await page.goto(contestUrl);
	await page.getByRole('link', { name: 'Thêm vòng thi' }).click();
	await page.getByLabel('Tên vòng thi').fill('Thi thử tuần 3');
	await page.getByLabel('Vòng thi thử').check();
	const local = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 16);
	await page.getByLabel('Giờ mở').fill(local(Date.now() + 3_600_000));
	await page.getByLabel('Giờ đóng').fill(local(Date.now() + 3 * 86_400_000));
	await page.getByLabel('Quy tắc ứng xử của cán bộ, công chức', { exact: true }).fill('5');
	await page.getByRole('button', { name: 'Tạo vòng thi' }).click();
	await expect(
		page.getByText('Vòng thi thử không được dùng chủ đề của một vòng tính điểm còn mở hoặc sắp mở', {
			exact: false
		})
	).toBeVisible();
	await page.screenshot({ path: 'test-results/practice-overlap.png', fullPage: true });
});

/** Right options of the demo's single-answer questions (seed/demo-quiz.ts), as the options read. */
const DEMO_RIGHT = [
	'Lịch sự, tôn trọng, lắng nghe',
	'Sử dụng đồ uống có cồn',
	'Gọn gàng, lịch sự',
	'Giải thích rõ lý do và hướng dẫn',
	'Bắt buộc',
	'Không được',
	'Chân thành, hợp tác, giúp đỡ lẫn nhau',
	'Xưng tên, đơn vị và trả lời lịch sự',
	'Bốn đức tính của người cách mạng',
	'Hoàn toàn vì lợi ích chung, không vì lợi ích riêng',
	'Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh',
	'Công bộc của nhân dân',
	'Kẻ thù nguy hiểm cần chống',
	'trồng người',
	'Cán bộ, đảng viên, nhất là người đứng đầu',
	'đại thành công'
];

test('an implausibly fast attempt is flagged for organizers only, and kept by a recorded decision', async ({
	page,
	browser
}) => {
	const person = newPerson({ fullName: 'Phan Văn Rất Nhanh' });
	const signUp = new SignUpPage(page);
	await signUp.goto();
	await signUp.fill(person);
	await signUp.submit.click();
	await expect(page.getByText(`Xin chào, ${person.fullName}.`)).toBeVisible();
	await page.getByRole('link', { name: 'Các cuộc thi', exact: true }).click();
	await page.getByRole('link', { name: 'Tuần thi thứ hai' }).click();
	await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
	const questions = page.locator('ol.questions > li');
	await expect(questions).toHaveCount(10);
	// ten answers in a few seconds (the round allows 3 s a question), the right one where the demo's key is known
	for (let i = 0; i < 10; i++) {
		const options = questions.nth(i).locator('label.option');
		const texts = (await options.allTextContents()).map((t) => t.trim());
		const right = texts.findIndex((t) => DEMO_RIGHT.some((r) => t.endsWith(r)));
		await options.nth(Math.max(0, right)).click();
		await expect(questions.nth(i).getByText('Đã lưu')).toBeVisible();
	}
	await submitQuiz(page);
	await expect(page.getByRole('heading', { name: 'Kết quả bài làm' })).toBeVisible();
	await page.getByRole('link', { name: '← Tuần thi thứ hai' }).click();
	await page.getByRole('link', { name: 'Bảng xếp hạng', exact: true }).click();
	await expect(page).toHaveURL(/\/rounds\/\d+\/leaderboard$/);
	// the participant sees no flag
	await expect(page.getByText('Lượt làm bài nhanh bất thường', { exact: false })).toHaveCount(0);
	const boardUrl = page.url();

	const organizerContext = await browser.newContext();
	const organizer = await organizerContext.newPage();
	await new LoginPage(organizer).goto();
	await new LoginPage(organizer).signIn(DEMO.organizer.phone, DEMO.organizer.password);
	await expectSignedInAs(organizer, DEMO.organizer.fullName);
	await organizer.goto(new URL(boardUrl).pathname);
	const flagged = organizer.getByRole('region', { name: 'Lượt làm bài nhanh bất thường, chờ xem xét' });
	const row = flagged.getByRole('listitem').filter({ hasText: person.fullName });
	await expect(row).toContainText('Chờ xem xét');
	await row.getByLabel('Lý do quyết định').fill('Đã gọi điện xác minh, người dự thi tự làm bài');
	await row.getByRole('button', { name: 'Giữ kết quả' }).click();
	await expect(flagged.getByRole('status')).toContainText('Đã ghi quyết định');
	await expect(flagged.getByRole('listitem').filter({ hasText: person.fullName })).toHaveCount(0);
	await organizerContext.close();
});

test('a malformed review of a flagged attempt (no attempt, a made-up decision) is a 400, never a 500', async ({
	page,
	signInAs
}) => {
	await signInAs('organizer');
	const post = (form: Record<string, string>) => postForm(page, '/rounds/1/leaderboard?/review', form);
	const answers = await Promise.all([
		post({}),
		post({ attemptId: 'x', decision: 'keep', reason: 'Đã xác minh' }),
		post({ attemptId: '1', decision: 'erase', reason: 'Đã xác minh' })
	]);
	expect(answers).toEqual([400, 400, 400]);
});
