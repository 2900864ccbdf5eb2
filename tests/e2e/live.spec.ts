import { expect, newPerson, SignUpPage, test, submitQuiz } from './fixtures';

test('the dashboard shows a new submission by itself, without a reload', async ({
	page,
	browser,
	signInAs
}) => {
	test.setTimeout(120_000);

	// the organizer opens the demo quiz contest's dashboard on its open round
	await signInAs('organizer');
	await page.getByRole('navigation').getByRole('link', { name: 'Quản lý cuộc thi', exact: true }).click();
	await page.getByRole('link', { name: /^Tìm hiểu Quy tắc ứng xử và tư tưởng/ }).click();
	await page
		.getByRole('navigation', { name: 'Các mục của cuộc thi' })
		.getByRole('link', { name: 'Số liệu tham gia' })
		.click();
	await expect(page.getByRole('heading', { level: 2, name: 'Số liệu tham gia', exact: true })).toBeVisible();
	const round = page.getByLabel('Vòng thi');
	if ((await round.locator('option:checked').innerText()) !== 'Tuần thi thứ hai') {
		await round.selectOption({ label: 'Tuần thi thứ hai' });
		await page.getByRole('button', { name: 'Xem' }).click();
	}
	await expect(round.locator('option:checked')).toHaveText('Tuần thi thứ hai');
	await expect(page.getByRole('status').filter({ hasText: 'Cập nhật trực tiếp' })).toHaveText(
		'Cập nhật trực tiếp',
		{ timeout: 20_000 }
	);

	const table = page.getByRole('table', { name: /^Số liệu tham gia của các đơn vị thuộc/ });
	const total = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Tổng cộng' }) });
	const participants = async () =>
		Number((await total.getByRole('cell').nth(1).innerText()).replace(/\D/g, ''));
	const before = await participants();
	// a mark on the window: it survives only if the page is not reloaded
	await page.evaluate(() => ((window as unknown as { liveMark: number }).liveMark = 1));

	// a new participant (another browser) takes and submits an attempt in that round
	const other = await browser.newContext();
	try {
		const tab = await other.newPage();
		const person = newPerson({ fullName: 'Hoàng Văn Trực Tiếp' });
		const signUp = new SignUpPage(tab);
		await signUp.goto();
		await signUp.fill(person);
		await signUp.submit.click();
		await expect(tab.getByText(`Xin chào, ${person.fullName}.`)).toBeVisible();
		await tab.getByRole('link', { name: 'Các cuộc thi', exact: true }).click();
		await tab.getByRole('link', { name: 'Tuần thi thứ hai' }).click();
		await tab.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
		await expect(tab).toHaveURL(/\/quiz\/\d+$/);
		const first = tab.locator('ol.questions > li').first();
		await first.locator('label.option').first().click();
		await expect(first.getByText('Đã lưu')).toBeVisible();
		const prediction = tab.getByLabel(/Câu hỏi dự đoán/);
		if ((await prediction.count()) > 0) await prediction.fill('20');
		await submitQuiz(tab);
		await expect(tab.getByRole('heading', { name: 'Kết quả bài làm' })).toBeVisible({ timeout: 20_000 });
	} finally {
		await other.close();
	}

	// the organizer's numbers change by themselves (other tests may add people too: at least one more)
	await expect.poll(participants, { timeout: 20_000, intervals: [500] }).toBeGreaterThan(before);
	expect(await page.evaluate(() => (window as unknown as { liveMark?: number }).liveMark)).toBe(1);
	await expect(page.getByRole('status').filter({ hasText: 'Cập nhật trực tiếp' })).toHaveText(
		'Cập nhật trực tiếp'
	);
});
