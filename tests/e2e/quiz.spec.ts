import { expect, newPerson, SignUpPage, test, submitQuiz } from './fixtures';

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

/** Anything in a response that would tell which option is right. */
const ANSWER_KEY = /"?(isCorrect|is_correct|correctChoices)"?\s*:|"correct"\s*:\s*(true|false)/;

test('a participant takes a quiz on a phone: answers survive a refresh and a dropped connection', async ({
	page,
	context
}) => {
	const person = newPerson({ fullName: 'Vũ Thị Làm Bài' });
	const signUp = new SignUpPage(page);
	await signUp.goto();
	await signUp.fill(person);
	await signUp.submit.click();
	await expect(page.getByText(`Xin chào, ${person.fullName}.`)).toBeVisible();

	const leaks: string[] = [];
	page.on('response', async (response) => {
		if (!response.url().includes('/quiz/') && !response.url().includes('/rounds/')) return;
		const body = await response.text().catch(() => '');
		if (ANSWER_KEY.test(body)) leaks.push(response.url());
	});

	await page.getByRole('link', { name: 'Các cuộc thi', exact: true }).click();
	await page.getByRole('link', { name: 'Tuần thi thứ hai' }).click();
	await expect(page.getByText('Còn 3 trên 3 lượt làm bài')).toBeVisible();
	await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
	await expect(page).toHaveURL(/\/quiz\/\d+$/);
	await expect(page.getByRole('timer')).toContainText(/\d+:\d\d/);

	const questions = page.locator('ol.questions > li');
	await expect(questions).toHaveCount(10);
	for (let i = 0; i < 3; i++) {
		await questions.nth(i).locator('label.option').first().click();
		await expect(questions.nth(i).getByText('Đã lưu')).toBeVisible();
	}
	await page.reload();
	await expect(page.locator('ol.questions input:checked')).toHaveCount(3);

	await context.setOffline(true);
	await questions.nth(3).locator('label.option').nth(1).click();
	await expect(page.getByText('Mất kết nối mạng.', { exact: false })).toBeVisible();
	await expect(questions.nth(3).getByText('Chưa gửi được, sẽ gửi lại')).toBeVisible();
	await context.setOffline(false);
	await page.evaluate(() => window.dispatchEvent(new Event('online')));
	await expect(questions.nth(3).getByText('Đã lưu')).toBeVisible();
	await page.reload();
	await expect(page.locator('ol.questions input:checked')).toHaveCount(4);

	await page.getByLabel(/Câu hỏi dự đoán/).fill('25');
	await submitQuiz(page);
	await expect(page.getByRole('heading', { name: 'Kết quả bài làm' })).toBeVisible();
	await expect(page.getByText(/Đúng \d+\/10 câu/)).toBeVisible();
	await expect(page.getByText('Dự đoán của bạn: 25')).toBeVisible();
	await expect(page.getByText('Đáp án sẽ được hiển thị sau khi tuần thi kết thúc.')).toBeVisible();
	expect(leaks).toEqual([]);

	await page.getByRole('link', { name: '← Tuần thi thứ hai' }).click();
	await expect(page.getByText('Còn 2 trên 3 lượt làm bài')).toBeVisible();
	await expect(page.getByRole('cell', { name: 'Lần thứ 1 Được tính' })).toBeVisible();
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});

test('the published round shows its leaderboard with ranks', async ({ page, signInAs }) => {
	await signInAs('participant');
	await page.goto('/contests');
	await page.getByRole('link', { name: 'Tuần thi thứ nhất' }).click();
	// Exact: the contest list's "Bảng xếp hạng chung" links must not match while the round page loads.
	await page.getByRole('link', { name: 'Bảng xếp hạng', exact: true }).click();
	const rows = page.getByRole('table').getByRole('row');
	await expect(rows.nth(1).getByRole('cell').first()).toHaveText('1');
	expect(await rows.count()).toBeGreaterThan(10);
});
