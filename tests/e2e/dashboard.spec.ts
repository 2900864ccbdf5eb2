import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';

/** True when the canvas holds drawn pixels (chart.js ran), not only an empty element. */
async function drawn(canvas: Locator) {
	return canvas.evaluate((node) => {
		const c = node as HTMLCanvasElement;
		const pixels = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data ?? [];
		for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
		return false;
	});
}

test('an organizer sees participation by unit, drills into a unit and back, with charts drawn', async ({
	page,
	signInAs
}) => {
	await signInAs('organizer');
	await page.getByRole('navigation').getByRole('link', { name: 'Quản lý cuộc thi', exact: true }).click();
	await page.getByRole('link', { name: /^Tìm hiểu Quy tắc ứng xử và tư tưởng/ }).click();
	await page
		.getByRole('navigation', { name: 'Các mục của cuộc thi' })
		.getByRole('link', { name: 'Số liệu tham gia' })
		.click();
	await expect(page.getByRole('heading', { level: 2, name: 'Số liệu tham gia', exact: true })).toBeVisible();

	// the demo contest's eligible unit, its children in a table with a total line, and four charts that drew
	const crumbs = page.getByRole('navigation', { name: 'Cấp đơn vị đang xem' });
	await expect(crumbs).toContainText('Đảng bộ Khối các cơ quan tỉnh');
	const table = page.getByRole('table', { name: /^Số liệu tham gia của các đơn vị thuộc/ });
	await expect(table.getByRole('rowheader', { name: 'Tổng cộng' })).toBeVisible();
	for (const name of [
		'Số người tham gia theo đơn vị',
		'Tỷ lệ tham gia theo đơn vị (%)',
		'Lượt thi theo thời gian và số người tham gia cộng dồn',
		'Số người theo điểm'
	]) {
		const chart = page.getByRole('img', { name, exact: true });
		await expect(chart).toBeVisible();
		await expect.poll(() => drawn(chart)).toBe(true);
	}

	// the unit's row at this level carries the same participants as the total after drilling into it
	const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'Đảng bộ Sở Y tế' }) });
	const participants = (await row.getByRole('cell').nth(1).innerText()).trim();
	await row.getByRole('link', { name: 'Đảng bộ Sở Y tế' }).click();
	await expect(crumbs.getByText('Đảng bộ Sở Y tế')).toHaveAttribute('aria-current', 'page');
	const inner = page.getByRole('table', { name: 'Số liệu tham gia của các đơn vị thuộc Đảng bộ Sở Y tế' });
	const total = inner.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Tổng cộng' }) });
	await expect(total.getByRole('cell').nth(1)).toHaveText(participants);

	// back up through the breadcrumb
	await crumbs.getByRole('link', { name: 'Đảng bộ Khối các cơ quan tỉnh' }).click();
	await expect(table).toBeVisible();
});
