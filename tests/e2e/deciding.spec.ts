import { expect, test } from './fixtures';

// The organizer chooses what decides the demo essay contest's ranking: normalized scores with a minimum no judge
// reaches, so the advance page ranks by raw score and says why; then the rules go back as they were.

test('an organizer sets the deciding rules and sees the fallback explained on the advance page', async ({
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
	const contestUrl = page.url();
	await page.getByRole('link', { name: 'Quy tắc xếp hạng, trao giải và xung đột lợi ích' }).click();
	await expect(
		page.getByRole('heading', { level: 2, name: 'Quy tắc xếp hạng, trao giải và xung đột lợi ích' })
	).toBeVisible();

	// a Vietnamese message next to the field, nothing saved
	const minimum = page.getByLabel('Số bài tối thiểu mỗi giám khảo phải chấm để chuẩn hóa');
	await minimum.fill('1');
	await page.getByRole('button', { name: 'Lưu quy tắc' }).click();
	await expect(page.getByText('Số bài tối thiểu là số nguyên từ 2 đến 1.000.')).toBeVisible();

	await page.getByLabel('Điểm chuẩn hóa theo từng giám khảo').check();
	await minimum.fill('500');
	await page.getByLabel('Cấp xét xung đột lợi ích').fill('2');
	await page.getByRole('button', { name: 'Lưu quy tắc' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Đã lưu quy tắc.' })).toBeVisible();
	await page.reload();
	await expect(page.getByLabel('Điểm chuẩn hóa theo từng giám khảo')).toBeChecked();
	await expect(minimum).toHaveValue('500');
	await page.screenshot({ path: 'test-results/deciding-rules.png', fullPage: true });

	await page.goto(contestUrl);
	await page.getByRole('link', { name: 'Phân công và kết quả chấm' }).first().click();
	await page.waitForURL(/\/judging$/);
	await page.goto(page.url().replace(/\/judging$/, '/advance'));
	const note = page.getByRole('status').filter({ hasText: /Cuộc thi chọn điểm chuẩn hóa/ });
	await expect(note).toContainText('chấm chưa đủ 500 bài');
	await expect(page.getByRole('columnheader', { name: 'Điểm quyết định' })).toBeVisible();
	await page.screenshot({ path: 'test-results/deciding-advance.png', fullPage: true });

	// back as the demo had them, for the other tests
	await page.goto(contestUrl);
	await page.getByRole('link', { name: 'Quy tắc xếp hạng, trao giải và xung đột lợi ích' }).click();
	await page.getByLabel('Điểm gốc (điểm chốt theo quy tắc chấm của vòng)').check();
	await minimum.fill('5');
	await page.getByLabel('Cấp xét xung đột lợi ích').fill('');
	await page.getByRole('button', { name: 'Lưu quy tắc' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Đã lưu quy tắc.' })).toBeVisible();
});
