import type { Browser, Page } from '@playwright/test';
import {
	expect,
	LoginPage,
	newPerson,
	openMenu,
	SignUpPage,
	test,
	type NewPerson,
	postForm
} from './fixtures';

/**
 * The access matrix for organizers scoped by the administrator (/admin/organizers): one holds a unit subtree
 * (Đảng bộ Sở Y tế), one holds a single contest (open only to Đảng bộ Sở Tài chính). Each must reach its own
 * contests, pages, exports and people, and nothing else: another contest is a 404 whether opened, exported or
 * posted to.
 */
const HEALTH = { query: 'dang bo so y te', name: 'Đảng bộ Sở Y tế' };
const FINANCE = { query: 'dang bo so tai chinh', name: 'Đảng bộ Sở Tài chính' };
const HEALTH_UNITS = [
	'Đảng bộ Sở Y tế',
	'Chi bộ Văn phòng Sở Y tế',
	'Chi bộ Phòng Nghiệp vụ Y',
	'Chi bộ Thanh tra Sở Y tế'
];

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

/** Creates a quiz contest open to one unit's subtree and answers its id. */
async function createContest(page: Page, title: string, unit: { query: string; name: string }) {
	await page.goto('/organize/contests/new');
	await page.getByLabel('Tên cuộc thi').fill(title);
	await page.getByRole('radio', { name: 'Chỉ người thuộc một đơn vị (kể cả các đơn vị trực thuộc)' }).check();
	await new SignUpPage(page).chooseUnit(unit.query, unit.name);
	await page.getByRole('button', { name: 'Tạo cuộc thi' }).click();
	await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
	return page.url().match(/\/organize\/contests\/(\d+)/)![1];
}

async function status(page: Page, path: string) {
	return (await page.request.get(path, { headers: { accept: 'text/html' } })).status();
}

async function peopleUnits(page: Page, q: string) {
	await page.goto(`/organize/people?q=${encodeURIComponent(q)}`);
	await expect(page.getByRole('heading', { name: 'Người dùng', level: 1 })).toBeVisible();
	return page.locator('tbody tr td[data-label="Đơn vị"]').allTextContents();
}

test('organizers scoped to a unit or a contest reach only their own contests, exports and people', async ({
	browser,
	page,
	signInAs,
	baseURL
}) => {
	test.setTimeout(120_000);
	const suffix = Date.now().toString(36).toUpperCase();
	const unitOrganizer = newPerson({ fullName: `Tổ Chức Đơn Vị ${suffix}` });
	const contestOrganizer = newPerson({ fullName: `Tổ Chức Cuộc Thi ${suffix}` });
	await signUp(browser, unitOrganizer);
	await signUp(browser, contestOrganizer);

	const ids = { health: '', finance: '', demoEssay: '' };
	await test.step('the administrator opens two contests and gives one unit and one contest', async () => {
		await signInAs('admin');
		ids.health = await createContest(page, `Y tế ${suffix}`, HEALTH);
		ids.finance = await createContest(page, `Tài chính ${suffix}`, FINANCE);
		await page.goto('/organize/essays');
		const essayHref = await page
			.getByRole('link', { name: /Tấm gương bình dị/ })
			.first()
			.getAttribute('href');
		ids.demoEssay = essayHref!.match(/\/organize\/essays\/(\d+)/)![1];

		await openMenu(page);
		await page.getByRole('link', { name: 'Ban tổ chức theo phạm vi' }).click();
		const byUnit = page.locator('form').filter({ has: page.getByRole('combobox', { name: 'Đơn vị' }) });
		await byUnit.getByLabel('Số điện thoại của người được giao').fill(unitOrganizer.phone);
		await new SignUpPage(page).chooseUnit(HEALTH.query, HEALTH.name);
		await byUnit.getByRole('button', { name: 'Giao quyền' }).click();
		await expect(page.getByRole('status')).toHaveText('Đã giao quyền.');
		const byContest = page.locator('form').filter({ has: page.getByLabel('Cuộc thi', { exact: true }) });
		await byContest.getByLabel('Số điện thoại của người được giao').fill(contestOrganizer.phone);
		await byContest.getByLabel('Cuộc thi', { exact: true }).selectOption({ label: `Tài chính ${suffix}` });
		await byContest.getByRole('button', { name: 'Giao quyền' }).click();
		await expect(page.getByRole('row').filter({ hasText: contestOrganizer.fullName })).toContainText(
			`Cuộc thi: Tài chính ${suffix}`
		);
		await expect(page.getByRole('row').filter({ hasText: unitOrganizer.fullName })).toContainText(
			`Đơn vị: ${HEALTH.name}`
		);
	});

	await test.step('the unit organizer manages the contest inside their unit, and nothing outside it', async () => {
		const scoped = await signedIn(browser, unitOrganizer);
		await scoped.goto('/organize/contests');
		await expect(scoped.getByRole('link', { name: `Y tế ${suffix}` })).toBeVisible();
		await expect(scoped.getByRole('link', { name: `Tài chính ${suffix}` })).toHaveCount(0);
		await expect(scoped.getByRole('link', { name: /Quy tắc ứng xử/ })).toHaveCount(0);
		await openMenu(scoped);
		await expect(scoped.getByRole('link', { name: 'Ngân hàng câu hỏi' })).toHaveCount(0);
		await scoped.keyboard.press('Escape');

		expect(await status(scoped, `/organize/contests/${ids.health}`)).toBe(200);
		expect(await status(scoped, `/organize/contests/${ids.health}/dashboard`)).toBe(200);
		expect(await status(scoped, `/organize/contests/${ids.health}/export/participation`)).toBe(200);
		for (const path of [
			`/organize/contests/${ids.finance}`,
			`/organize/contests/${ids.finance}/dashboard`,
			`/organize/contests/${ids.finance}/export/participation`,
			`/organize/essays/${ids.demoEssay}`,
			`/organize/essays/${ids.demoEssay}/export/ranking`,
			`/organize/certificates/${ids.demoEssay}`
		])
			expect(await status(scoped, path), path).toBe(404);
		expect(await status(scoped, '/organize/bank')).toBe(403);
		expect(await status(scoped, '/admin/organizers')).toBe(403);

		const forged = await scoped.request.post(`/organize/contests/${ids.finance}?/publish`, {
			headers: { origin: baseURL! },
			form: {}
		});
		expect(forged.status()).toBe(404);

		const units = await peopleUnits(scoped, '');
		expect(units.length).toBeGreaterThan(0);
		expect(units.filter((u) => !HEALTH_UNITS.includes(u.trim()))).toEqual([]);
		expect(await peopleUnits(scoped, 'Nguyễn Thị Dự Thi')).toEqual(['Chi bộ Văn phòng Sở Y tế']);
		expect(await peopleUnits(scoped, 'Phạm Văn Khảo')).toEqual([]);
		await scoped.context().close();
	});

	await test.step('the contest organizer reaches that contest, its export and its people only', async () => {
		const scoped = await signedIn(browser, contestOrganizer);
		await scoped.goto('/organize/contests');
		await expect(scoped.getByRole('link', { name: `Tài chính ${suffix}` })).toBeVisible();
		await expect(scoped.getByRole('link', { name: `Y tế ${suffix}` })).toHaveCount(0);

		expect(await status(scoped, `/organize/contests/${ids.finance}`)).toBe(200);
		expect(await status(scoped, `/organize/contests/${ids.finance}/export/participation`)).toBe(200);
		expect(await status(scoped, `/organize/contests/${ids.health}`)).toBe(404);
		expect(await status(scoped, `/organize/contests/${ids.health}/export/participation`)).toBe(404);
		expect(await status(scoped, '/organize/contests/new')).toBe(403);

		const forged = await scoped.request.post(`/organize/contests/${ids.health}?/update`, {
			headers: { origin: baseURL! },
			form: { title: 'Đổi tên', eligibility: 'all', eligibleUnitId: '0' }
		});
		expect(forged.status()).toBe(404);

		const units = await peopleUnits(scoped, '');
		expect(units.length).toBeGreaterThan(0);
		expect(units.every((u) => /Tài chính|ngân sách/.test(u))).toBe(true);
		expect(await peopleUnits(scoped, 'Nguyễn Thị Dự Thi')).toEqual([]);
		await scoped.context().close();
	});
});

test('a malformed or forged grant (no phone, a contest id that is not a number or does not exist) is a 400 with a message, never a 500', async ({
	page,
	signInAs
}) => {
	await signInAs('admin');
	const post = (action: string, form: Record<string, string>) =>
		postForm(page, `/admin/organizers?/${action}`, form);
	const answers = await Promise.all([
		post('grantContest', {}),
		post('grantContest', { phone: '0900000004', contestId: 'abc' }),
		post('grantContest', { phone: '0900000004', contestId: '2147483000' }),
		post('grantUnit', { phone: '0900000004', unitId: '-1' }),
		post('revoke', { userId: 'x', grantId: '1' })
	]);
	expect(answers).toEqual([400, 400, 400, 400, 400]);
	// in the page, the person not found is said beside the phone field
	await page.goto('/admin/organizers');
	const byContest = page.locator('form').filter({ has: page.getByLabel('Cuộc thi', { exact: true }) });
	await byContest.getByLabel('Số điện thoại của người được giao').fill('0999 999 991');
	await byContest.getByLabel('Cuộc thi', { exact: true }).selectOption({ index: 1 });
	await byContest.getByRole('button', { name: 'Giao quyền' }).click();
	await expect(byContest.getByRole('alert')).toHaveText('Không có ai dùng số điện thoại này.');
});
