import { expect, test, postForm } from './fixtures';

// The organizer checks the demo essay contest for copied text: starts the check, follows it to the end, opens the
// most overlapping pair side by side (shared passages highlighted) and marks it reviewed as acceptable. The demo's
// entries are written from shared sentence pools, so pairs above 20 % are there to be found. A judge cannot load it.

test('an organizer runs the similarity check, reads a pair side by side and marks it acceptable', async ({
	page,
	signInAs
}) => {
	// the check itself runs in the server after the click answers: give it time on a busy machine
	test.setTimeout(180_000);
	await signInAs('organizer');
	await page.goto('/organize/essays');
	await page
		.getByRole('link', { name: /Tấm gương bình dị mà cao quý/ })
		.first()
		.click();
	await page.waitForURL(/\/organize\/essays\/\d+$/);
	await page.getByRole('link', { name: 'Kiểm tra trùng lặp' }).click();
	await expect(page.getByRole('heading', { level: 2, name: /^Kiểm tra trùng lặp/ })).toBeVisible();
	const url = page.url();

	await page.getByRole('button', { name: 'Chạy kiểm tra' }).click();
	// the page follows the job until it is done (it reloads its data every two seconds while running)
	await expect(page.getByTestId('sim-status')).toContainText('xong lúc', { timeout: 150_000 });
	await expect(page.getByText(/Đã kiểm tra 40\/40 bài dự thi/)).toBeVisible();

	const pairs = page.getByRole('table');
	await expect(pairs.getByRole('row').nth(1)).toBeVisible();
	await pairs.getByRole('link', { name: 'Xem đối chiếu' }).first().click();
	await expect(page.getByRole('heading', { level: 2, name: /Đối chiếu/ })).toBeVisible();
	// both texts, with highlighted passages that are text (not markup)
	const sides = page.getByRole('region', { name: /^Văn bản / });
	await expect(sides).toHaveCount(2);
	await expect(sides.first().locator('mark').first()).toBeVisible();
	await expect(sides.nth(1).locator('mark').first()).toBeVisible();

	await page.getByLabel('Lý do (ít nhất 10 ký tự)').fill('Câu trích dẫn chung, có nguồn.');
	await page.getByRole('button', { name: 'Đã xem: chấp nhận được' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Đã ghi nhận' })).toBeVisible();
	await expect(page.getByTestId('sim-review')).toContainText('Câu trích dẫn chung, có nguồn.');
	await expect(page.getByTestId('sim-review')).toContainText('Lê Thị Tổ Chức');

	await page.goto(url);
	await expect(page.getByRole('table').getByText('Đã xem: chấp nhận được').first()).toBeVisible();
});

test('a judge cannot load the similarity page', async ({ page, signInAs }) => {
	await signInAs('organizer');
	await page.goto('/organize/essays');
	await page
		.getByRole('link', { name: /Tấm gương bình dị mà cao quý/ })
		.first()
		.click();
	await page.waitForURL(/\/organize\/essays\/\d+$/);
	const url = `${page.url()}/similarity`;
	await page.context().clearCookies();
	await signInAs('judge');
	const response = await page.goto(url);
	expect(response?.status()).toBe(403);
	await expect(page.getByText('Kiểm tra trùng lặp')).toHaveCount(0);
});

test('a malformed review of a pair (no reason, no entry to disqualify) is a 400 with a message, never a 500', async ({
	page,
	signInAs
}) => {
	await signInAs('organizer');
	await page.goto('/organize/essays');
	const href = await page
		.getByRole('link', { name: /Tấm gương bình dị mà cao quý/ })
		.first()
		.getAttribute('href');
	const contest = href!.match(/\/organize\/essays\/(\d+)/)![1];
	const post = (action: string, form: Record<string, string>) =>
		postForm(page, `/organize/essays/${contest}/similarity/1?/${action}`, form);
	const answers = await Promise.all([
		post('acceptable', {}),
		post('acceptable', { reason: 'ngắn' }),
		post('disqualify', { reason: 'Trùng lặp gần như toàn bộ bài viết.' }),
		post('disqualify', { reason: 'Trùng lặp gần như toàn bộ bài viết.', entryId: 'abc' })
	]);
	expect(answers).toEqual([400, 400, 400, 400]);
});
