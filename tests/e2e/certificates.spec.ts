import { execFileSync } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import type { Download, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * The organizer sets how a contest's certificates look (heading, issuer, decision number, signer, logo) on the
 * superforms page /organize/certificates/[id]/settings, with Vietnamese errors next to the field, and the printed PDF
 * follows. Runs on the demo's published essay contest, whose certificates the seed issued.
 */
const CONTEST = /Người tốt, việc tốt quanh ta/;

async function pdfText(download: Download) {
	return execFileSync('pdftotext', ['-layout', await download.path(), '-'], { encoding: 'utf8' });
}

async function downloading(page: Page, click: () => Promise<void>) {
	const [download] = await Promise.all([page.waitForEvent('download'), click()]);
	return download;
}

test('the organizer sets the certificate template and the printed certificate follows it', async ({
	page,
	signInAs
}) => {
	await signInAs('organizer');
	await page.goto('/organize/certificates');
	await page.getByRole('link', { name: CONTEST }).first().click();
	await page.getByRole('link', { name: /Mẫu giấy chứng nhận/ }).click();
	await expect(page.getByRole('heading', { name: 'Mẫu giấy chứng nhận', level: 1 })).toBeVisible();

	await test.step('the form fits a phone and has no serious accessibility violation', async () => {
		await page.setViewportSize({ width: 360, height: 800 });
		expect(
			await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
		).toBeLessThanOrEqual(0);
		const { violations } = await new AxeBuilder({ page }).analyze();
		expect(
			violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)
		).toEqual([]);
		await page.setViewportSize({ width: 1366, height: 900 });
	});

	await test.step('a wrong field is answered in Vietnamese next to it', async () => {
		await page.getByRole('textbox', { name: 'Số quyết định' }).fill('QĐ-BTC');
		await page.getByRole('textbox', { name: 'Cơ quan ban hành' }).fill('Một\nHai\nBa\nBốn');
		await page.getByRole('button', { name: 'Lưu mẫu' }).click();
		await expect(page.locator('#field-decisionNumber-error')).toHaveText(
			'Số quyết định phải có chữ số, ví dụ 125/QĐ-BTC.'
		);
		await expect(page.locator('#field-issuerLines-error')).toHaveText(
			'Tên cơ quan ban hành có tối đa 3 dòng.'
		);
		await expect(page.getByRole('textbox', { name: 'Số quyết định' })).toHaveAttribute(
			'aria-invalid',
			'true'
		);
		if (process.env.CERT_FORM_SHOT)
			await page.screenshot({ path: process.env.CERT_FORM_SHOT, fullPage: true });
	});

	await test.step('valid settings are saved and shown again', async () => {
		await page.getByRole('radio', { name: /Văn bản của Đảng/ }).check();
		await page.getByRole('radio', { name: 'Giấy khen' }).check();
		await page
			.getByRole('textbox', { name: 'Cơ quan ban hành' })
			.fill('Đảng ủy Khối các cơ quan tỉnh\nBan Tổ chức Cuộc thi');
		await page.getByRole('textbox', { name: 'Số quyết định' }).fill('125-QĐ/BTC');
		await page.getByRole('textbox', { name: 'Địa danh' }).fill('Hà Nội');
		await page.getByLabel('Thẩm quyền ký').fill('TM. BAN TỔ CHỨC');
		await page.getByLabel('Chức vụ người ký').fill('TRƯỞNG BAN');
		await page.getByLabel('Họ tên người ký').fill('Nguyễn Văn Thành');
		await page.getByRole('button', { name: 'Lưu mẫu' }).click();
		await expect(page.getByRole('status')).toHaveText('Đã lưu mẫu giấy chứng nhận.');
		await page.reload();
		await expect(page.getByRole('textbox', { name: 'Số quyết định' })).toHaveValue('125-QĐ/BTC');
		await expect(page.getByRole('radio', { name: 'Giấy khen' })).toBeChecked();
	});

	await test.step('a logo is checked by its content', async () => {
		const logo = page.getByLabel('Tệp ảnh logo');
		await logo.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('<svg/>') });
		await page.getByRole('button', { name: 'Tải logo lên' }).click();
		await expect(page.locator('#field-logo-error')).toHaveText('Tệp này không phải ảnh PNG hoặc JPEG.');
		await logo.setInputFiles('tests/fixtures/certificate-logo.png');
		await page.getByRole('button', { name: 'Tải logo lên' }).click();
		await expect(page.getByRole('status')).toHaveText('Đã lưu logo.');
		await expect(page.getByText('Đang dùng logo đã tải lên.')).toBeVisible();
	});

	await test.step('the preview and an issued certificate print with the template', async () => {
		const preview = await downloading(page, () => page.getByRole('link', { name: 'Xem thử (PDF)' }).click());
		const text = await pdfText(preview);
		for (const line of [
			'ĐẢNG CỘNG SẢN VIỆT NAM',
			'ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH',
			'Số 125-QĐ/BTC',
			'GIẤY KHEN',
			'TM. BAN TỔ CHỨC',
			'Nguyễn Văn Thành'
		])
			expect(text).toContain(line);
		expect(text).toMatch(/Hà Nội, ngày \d{2} tháng \d{1,2} năm \d{4}/);

		await page.goto(page.url().replace(/\/settings$/, ''));
		const code = (await page.locator('td[data-label="Mã xác thực"] code').first().textContent())!.trim();
		// one printed form everywhere: the list shows what the paper shows
		expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
		const one = await downloading(page, () =>
			page.getByRole('link', { name: 'Tải PDF', exact: true }).first().click()
		);
		const printed = await pdfText(one);
		expect(printed).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
		expect(printed).toContain(`Mã xác thực: ${code}`);

		// the code verifies in its printed form and in the undashed form older QR links carried
		await page.goto(`/verify/${code}`);
		await expect(page.getByText('Giấy chứng nhận hợp lệ', { exact: false })).toBeVisible();
		await page.goto(`/verify/${code.replace('-', '')}`);
		await expect(page.locator('dd code')).toHaveText(code);
	});
});
