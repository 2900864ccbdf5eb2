import type { Browser, Page } from '@playwright/test';
import { expect, LoginPage, newPerson, SignUpPage, test, type NewPerson } from './fixtures';

/**
 * The access matrix for a unit leader (named on /admin/organizers): the leader of Đảng bộ Sở Y tế follows the demo
 * quiz contest and the demo essay contest (open to the whole bloc) for their own subtree only — participation by unit
 * and the members who have not taken part, with phones, exportable — and reaches nothing else: another unit's contest is a 404, the
 * organizer pages a 403, and nothing on their pages shows an answer.
 */
const HEALTH = { query: 'dang bo so y te', name: 'Đảng bộ Sở Y tế' };
const FINANCE = { query: 'dang bo so tai chinh', name: 'Đảng bộ Sở Tài chính' };
const HEALTH_UNITS = ['Chi bộ Văn phòng Sở Y tế', 'Chi bộ Phòng Nghiệp vụ Y', 'Chi bộ Thanh tra Sở Y tế'];

async function signedIn(browser: Browser, person: { phone: string; password: string }): Promise<Page> {
	const page = await (await browser.newContext()).newPage();
	const login = new LoginPage(page);
	await login.goto();
	await login.signIn(person.phone, person.password);
	await expect(page.getByRole('button', { name: /^Menu của / })).toBeVisible();
	return page;
}

async function signUp(browser: Browser, person: NewPerson) {
	const page = await (await browser.newContext()).newPage();
	const signup = new SignUpPage(page);
	await signup.goto();
	await signup.fill(person);
	await signup.submit.click();
	await expect(page.getByRole('button', { name: /^Menu của / })).toBeVisible();
	await page.context().close();
}

async function status(page: Page, path: string) {
	return (await page.request.get(path, { headers: { accept: 'text/html' } })).status();
}

test('a unit leader follows their subtree’s participation and reminds who is missing, and sees nothing else', async ({
	browser,
	page,
	signInAs
}) => {
	test.setTimeout(120_000);
	const suffix = Date.now().toString(36).toUpperCase();
	const leader = newPerson({ fullName: `Phụ Trách ${suffix}` });
	const member = newPerson({
		fullName: `Chưa Thi ${suffix}`,
		unitQuery: 'nghiep vu y',
		unitName: 'Chi bộ Phòng Nghiệp vụ Y'
	});
	const outsider = newPerson({
		fullName: `Người Ngoài ${suffix}`,
		unitQuery: 'van phong so tai chinh',
		unitName: 'Chi bộ Văn phòng Sở Tài chính'
	});
	for (const person of [leader, member, outsider]) await signUp(browser, person);

	let financeContest = '';
	await test.step('the administrator names the leader of Đảng bộ Sở Y tế', async () => {
		await signInAs('admin');
		await page.goto('/organize/contests/new');
		await page.getByLabel('Tên cuộc thi').fill(`Tài chính ${suffix}`);
		await page
			.getByRole('radio', { name: 'Chỉ người thuộc một đơn vị (kể cả các đơn vị trực thuộc)' })
			.check();
		await new SignUpPage(page).chooseUnit(FINANCE.query, FINANCE.name);
		await page.getByRole('button', { name: 'Tạo cuộc thi' }).click();
		await expect(page.getByRole('heading', { name: `Tài chính ${suffix}`, level: 1 })).toBeVisible();
		financeContest = page.url().match(/\/organize\/contests\/(\d+)/)![1];

		await page.goto('/admin/organizers');
		const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Giao phụ trách' }) });
		await form.getByLabel('Số điện thoại của người được giao').fill(leader.phone);
		const unit = form.getByRole('combobox', { name: 'Chi bộ, đảng bộ phụ trách' });
		const option = page.getByRole('listbox').getByRole('option', { name: HEALTH.name });
		await expect(async () => {
			await unit.click();
			await unit.fill('');
			await unit.fill(HEALTH.query);
			await expect(option).toBeVisible({ timeout: 3000 });
		}).toPass({ timeout: 20_000 });
		await option.click();
		await form.getByRole('button', { name: 'Giao phụ trách' }).click();
		await expect(page.getByRole('status')).toHaveText('Đã giao quyền.');
		await expect(
			page
				.getByRole('region', { name: 'Người phụ trách đơn vị' })
				.getByRole('row')
				.filter({ hasText: leader.fullName })
		).toContainText(HEALTH.name);
	});

	await test.step('the leader sees their subtree’s participation, and only theirs', async () => {
		const lead = await signedIn(browser, leader);
		await lead.goto('/lead');
		await expect(lead.getByRole('heading', { name: 'Đơn vị tôi phụ trách', level: 1 })).toBeVisible();
		const contest = lead.getByRole('row').filter({ hasText: /Quy tắc ứng xử/ });
		await expect(contest).toContainText(HEALTH.name);
		await expect(lead.getByRole('link', { name: `Tài chính ${suffix}` })).toHaveCount(0);
		await contest.getByRole('link', { name: /Quy tắc ứng xử/ }).click();
		await expect(lead.getByRole('heading', { name: /^Số liệu tham gia:/, level: 1 })).toBeVisible();
		const rows = lead.getByRole('table').locator('tbody th[scope="row"]');
		const units = (await rows.allTextContents()).map((t) => t.trim());
		expect(units.filter((u) => !u.endsWith('(trực thuộc)')).sort()).toEqual([...HEALTH_UNITS].sort());
		const demoContest = lead.url().match(/\/lead\/contests\/(\d+)/)![1];

		await lead.getByRole('link', { name: 'Người chưa tham gia' }).click();
		await expect(lead.getByRole('heading', { name: /^Chưa tham gia:/, level: 1 })).toBeVisible();
		const group = lead.getByRole('region', { name: /Chi bộ Phòng Nghiệp vụ Y/ });
		const row = group.getByRole('row').filter({ hasText: member.fullName });
		await expect(row).toContainText(member.phone);
		await expect(lead.getByText(outsider.fullName)).toHaveCount(0);
		await expect(lead.getByText(/Đáp án|Câu hỏi|Câu \d/)).toHaveCount(0);
		const groups = await lead.locator('section h2').allTextContents();
		expect(groups.length).toBeGreaterThan(0);
		expect(groups.every((g) => HEALTH_UNITS.some((u) => g.includes(u)) || g.includes(HEALTH.name))).toBe(
			true
		);

		// printed: no site header or controls, and each unit starts a new A4 page
		await lead.emulateMedia({ media: 'print' });
		await expect(lead.getByRole('button', { name: /^Menu của / })).toBeHidden();
		await expect(lead.getByRole('button', { name: /In danh sách/ })).toBeHidden();
		const breaks = await lead
			.locator('section:has(> h2)')
			.evaluateAll((sections) => sections.map((el) => getComputedStyle(el).breakBefore));
		expect(breaks.length).toBeGreaterThan(1);
		expect(breaks.slice(1).every((b) => b === 'page')).toBe(true);
		await lead.emulateMedia({ media: 'screen' });

		const csv = await lead.request.get(`/lead/contests/${demoContest}/missing/export?format=csv`);
		expect(csv.status()).toBe(200);
		const text = await csv.text();
		expect(text).toContain(member.fullName);
		expect(text).toContain(member.phone);
		expect(text).not.toContain(outsider.fullName);
		expect(text.split('\r\n')[0]).toContain('"Đơn vị","Họ và tên","Số điện thoại"');

		// the essay contest: entries by unit, and who has not submitted an entry (no content, no score)
		await lead.goto('/lead');
		const essay = lead.getByRole('row').filter({ hasText: /Tấm gương bình dị/ });
		await expect(essay).toContainText('Cuộc thi viết');
		await essay.getByRole('link', { name: /Tấm gương bình dị/ }).click();
		await expect(lead.getByRole('heading', { name: /^Số liệu tham gia:/, level: 1 })).toBeVisible();
		await expect(lead.getByRole('columnheader', { name: 'Bài đã nộp' })).toBeVisible();
		const essayUnits = (await lead.locator('tbody th[scope="row"], tbody td:first-child').allTextContents())
			.map((t) => t.trim())
			.filter((t) => t.length > 0);
		expect(essayUnits.some((u) => HEALTH_UNITS.includes(u))).toBe(true);
		expect(essayUnits.some((u) => u.includes('Tài chính'))).toBe(false);
		const essayContest = lead.url().match(/\/lead\/essays\/(\d+)/)![1];
		await lead.getByRole('link', { name: 'Người chưa nộp bài' }).click();
		await expect(lead.getByRole('heading', { name: /^Chưa tham gia:/, level: 1 })).toBeVisible();
		await expect(
			lead
				.getByRole('region', { name: /Chi bộ Phòng Nghiệp vụ Y/ })
				.getByRole('row')
				.filter({ hasText: member.fullName })
		).toContainText(member.phone);
		await expect(lead.getByText(outsider.fullName)).toHaveCount(0);
		const essayCsv = await lead.request.get(`/lead/essays/${essayContest}/missing/export?format=csv`);
		expect(essayCsv.status()).toBe(200);
		expect(await essayCsv.text()).toContain(member.fullName);
		// a page of one kind never opens a contest of the other
		expect(await status(lead, `/lead/contests/${essayContest}`)).toBe(404);
		expect(await status(lead, `/lead/essays/${demoContest}`)).toBe(404);
		expect(await status(lead, `/lead/essays/${demoContest}/missing/export?format=csv`)).toBe(404);

		expect(await status(lead, `/lead/contests/${financeContest}`)).toBe(404);
		expect(await status(lead, `/lead/contests/${financeContest}/missing`)).toBe(404);
		expect(await status(lead, `/lead/contests/${financeContest}/missing/export`)).toBe(404);
		expect(await status(lead, '/organize/contests')).toBe(403);
		expect(await status(lead, `/organize/contests/${demoContest}/dashboard`)).toBe(403);
		expect(await status(lead, '/admin/organizers')).toBe(403);
		await lead.context().close();

		const other = await signedIn(browser, outsider);
		expect(await status(other, '/lead')).toBe(403);
		expect(await status(other, `/lead/contests/${demoContest}`)).toBe(403);
		await other.context().close();
	});
});
