import type { Download, Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import postgres from 'postgres';
import fs from 'node:fs';
import { expect, test } from './fixtures';

/**
 * Large files are made by background jobs (docs/ARCHITECTURE.md "Background jobs"): the organizer clicks an export
 * or the anthology, the page follows the job and the file downloads by itself when it is ready, with a link to
 * download it again. Runs on the demo's published essay contest.
 */
const CONTEST = /Người tốt, việc tốt quanh ta/;

async function contestPath(page: Page): Promise<string> {
	await page.goto('/organize/essays');
	await page.getByRole('link', { name: CONTEST }).first().click();
	await page.waitForURL(/\/organize\/essays\/\d+/);
	return new URL(page.url()).pathname.match(/^\/organize\/essays\/\d+/)![0];
}

/** The download the page starts by itself once the job is done. */
async function downloadAfter(page: Page, click: () => Promise<void>): Promise<Download> {
	const downloaded = page.waitForEvent('download', { timeout: 30_000 });
	await click();
	return downloaded;
}

test('the organizer gets an export and the anthology through background jobs', async ({ page, signInAs }) => {
	test.setTimeout(90_000);
	await signInAs('organizer');
	const contest = await contestPath(page);

	await test.step('an export button opens the job, which downloads the .xlsx when ready', async () => {
		await page.goto(`${contest}/awards`);
		const download = await downloadAfter(page, () =>
			page.getByRole('button', { name: /Danh sách giải.*: Excel \(\.xlsx\)/ }).click()
		);
		await expect(page).toHaveURL(/\/organize\/jobs\/\d+$/);
		await expect(page.getByRole('heading', { level: 1 })).toContainText('.xlsx');
		expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(fs.readFileSync(await download.path()) as unknown as ArrayBuffer);
		const header = (workbook.worksheets[0].getRow(1).values as unknown[]).slice(1);
		expect(header).toContain('Hạng');
		expect(workbook.worksheets[0].actualRowCount).toBeGreaterThan(1);
		// the page says it is done and keeps a link to the file
		await expect(page.getByText('Đã xong.')).toBeVisible();
		await expect(page.getByRole('link', { name: /Tải tệp .*\.xlsx/ })).toBeVisible();
	});

	await test.step('the anthology is typeset by a job; its page shows it and downloads the PDF', async () => {
		await page.goto(`${contest}/anthology`);
		const download = await downloadAfter(page, () =>
			page.getByRole('button', { name: 'Tải kỷ yếu (PDF)' }).click()
		);
		await expect(page).toHaveURL(/\/anthology\?job=\d+$/);
		expect(download.suggestedFilename()).toMatch(/\.pdf$/);
		const bytes = fs.readFileSync(await download.path());
		expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
		await expect(page.getByRole('link', { name: 'Tải kỷ yếu (PDF)' })).toBeVisible();
	});

	await test.step('another organizer cannot open the job or its file', async () => {
		const jobUrl = await page.getByRole('link', { name: 'Tải kỷ yếu (PDF)' }).getAttribute('href');
		await page.context().clearCookies();
		await signInAs('admin');
		const response = await page.request.get(jobUrl!);
		expect(response.status()).toBe(404);
	});
});

test('a job whose file expired says so and makes it again', async ({ page, signInAs }) => {
	// the result is expired in the database as the retention sweep does (jobs/retention.spec.ts tests the sweep)
	test.skip(!process.env.E2E_DATABASE_URL, 'needs the browser tests on PostgreSQL');
	test.setTimeout(60_000);
	await signInAs('organizer');
	const contest = await contestPath(page);
	await page.goto(`${contest}/awards`);
	await downloadAfter(page, () => page.getByRole('button', { name: /Danh sách giải.*: CSV$/ }).click());
	const jobId = Number(new URL(page.url()).pathname.split('/').pop());
	const sql = postgres(process.env.E2E_DATABASE_URL!, { max: 1, onnotice: () => {} });
	try {
		await sql`update jobs set result_sha256 = null, result_name = null, expired_at = now() where id = ${jobId}`;
	} finally {
		await sql.end();
	}
	await page.goto(`/organize/jobs/${jobId}`);
	await expect(page.getByText(/Tệp này đã được xóa vì quá thời hạn lưu/)).toBeVisible();
	expect((await page.request.get(`/organize/jobs/${jobId}/result`)).status()).toBe(404);
	const again = await downloadAfter(page, () => page.getByRole('button', { name: 'Làm lại tệp' }).click());
	expect(again.suggestedFilename()).toMatch(/\.csv$/);
	await expect(page).toHaveURL(/\/organize\/jobs\/\d+$/);
	expect(Number(new URL(page.url()).pathname.split('/').pop())).not.toBe(jobId);
});
