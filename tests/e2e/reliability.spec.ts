import { expect, test } from './fixtures';

// The organizer opens a round's judging reliability from its judging page; a judge is turned away at the same URL.

test('an organizer reads how far the judges agree, with each figure explained; a judge cannot', async ({
	page,
	signInAs
}) => {
	await signInAs('organizer');
	await page.goto('/organize/essays');
	await page
		.getByRole('link', { name: /Tấm gương bình dị mà cao quý/ })
		.first()
		.click();
	await page.waitForURL(/\/organize\/essays\/\d+$/);
	await page.getByRole('link', { name: 'Phân công và kết quả chấm' }).first().click();
	await page.waitForURL(/\/judging$/);
	await page.getByRole('link', { name: /Độ tin cậy của việc chấm/ }).click();
	await page.waitForURL(/\/judging\/reliability$/);
	const url = page.url();

	await expect(page.getByRole('heading', { level: 2, name: /^Độ tin cậy của việc chấm/ })).toBeVisible();
	const agreement = page.getByRole('table').first();
	await expect(agreement.getByRole('columnheader', { name: 'ICC(2,1)' })).toBeVisible();
	await expect(agreement.getByRole('columnheader', { name: 'Alpha Krippendorff' })).toBeVisible();
	// the total score's row: a coefficient with its band and entry count, or why there is none
	await expect(agreement.getByRole('row', { name: /Tổng điểm/ })).toContainText(
		/(\d,\d\d \((kém|trung bình|tốt|rất tốt)\) trên \d+ bài)|chưa đủ dữ liệu|không đo được/
	);
	await expect(page.getByText(/^ICC\(2,1\) cho biết/)).toBeVisible();
	await expect(page.getByText(/^Alpha Krippendorff đo cùng điều đó/)).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Từng giám khảo' })).toBeVisible();
	await expect(page.getByText(/^Ngưỡng cảnh báo:/)).toBeVisible();
	await page.screenshot({ path: 'test-results/reliability.png', fullPage: true });

	await page.context().clearCookies();
	await signInAs('judge');
	const response = await page.goto(url);
	expect(response?.status()).toBe(403);
});
