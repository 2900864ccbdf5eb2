import { test as base, expect, type Locator, type Page } from '@playwright/test';

/** The demo logins seeded by src/lib/server/seed/demo.ts (kept in step with DEMO_ACCOUNTS there). */
export const DEMO = {
	admin: { phone: '0900000001', password: 'Quantri@2026', fullName: 'Trần Quốc Quản' },
	organizer: { phone: '0900000002', password: 'Bantochuc@2026', fullName: 'Lê Thị Tổ Chức' },
	judge: { phone: '0900000003', password: 'Giamkhao@2026', fullName: 'Phạm Văn Khảo' },
	participant: { phone: '0900000004', password: 'Thisinh@2026', fullName: 'Nguyễn Thị Dự Thi' }
} as const;
export type DemoRole = keyof typeof DEMO;

/**
 * A mobile number no one has yet: 09, then 3–9, then 7 random digits. The demo accounts (09000000xx) and the
 * demo people (0911…–0912…) never start that way.
 */
export function uniquePhone(): string {
	const third = 3 + Math.floor(Math.random() * 7);
	const rest = String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0');
	return `09${third}${rest}`;
}

/** 0971234567 → +84 97 123 4567, the international spelling people also type. */
export function international(phone: string): string {
	return `+84 ${phone.slice(1, 3)} ${phone.slice(3, 6)} ${phone.slice(6)}`;
}

export class LoginPage {
	readonly login: Locator;
	readonly password: Locator;
	readonly submit: Locator;

	constructor(readonly page: Page) {
		this.login = page.getByLabel('Số điện thoại hoặc email');
		this.password = page.getByLabel('Mật khẩu', { exact: true });
		this.submit = page.getByRole('button', { name: 'Đăng nhập' });
	}

	async goto() {
		await this.page.goto('/login');
		await expect(this.page.getByRole('heading', { name: 'Đăng nhập' })).toBeVisible();
	}

	async signIn(login: string, password: string) {
		await this.login.fill(login);
		await this.password.fill(password);
		await this.submit.click();
	}
}

export interface NewPerson {
	fullName: string;
	birthDate: string;
	/** typed into the unit search box */
	unitQuery: string;
	/** the option to pick in the results */
	unitName: string;
	phone: string;
	email?: string;
	password: string;
	passwordConfirm?: string;
}

export class SignUpPage {
	readonly fullName: Locator;
	readonly birthDate: Locator;
	readonly unit: Locator;
	readonly phone: Locator;
	readonly email: Locator;
	readonly cccd: Locator;
	readonly password: Locator;
	readonly passwordConfirm: Locator;
	readonly submit: Locator;

	constructor(readonly page: Page) {
		this.fullName = page.getByLabel('Họ và tên');
		this.birthDate = page.getByLabel('Ngày sinh');
		this.unit = page.getByRole('combobox', { name: 'Đơn vị' });
		this.phone = page.getByLabel('Số điện thoại', { exact: true });
		this.email = page.getByLabel('Email (không bắt buộc)');
		this.cccd = page.getByLabel('Số CCCD (không bắt buộc)');
		this.password = page.getByLabel('Mật khẩu', { exact: true });
		this.passwordConfirm = page.getByLabel('Nhập lại mật khẩu');
		this.submit = page.getByRole('button', { name: 'Đăng ký' });
	}

	async goto() {
		await this.page.goto('/signup');
		await expect(this.page.getByRole('heading', { name: 'Đăng ký tài khoản' })).toBeVisible();
	}

	/** Types part of a unit's name (accents optional) and picks the matching option in the listbox. */
	async chooseUnit(query: string, name: string) {
		const option = this.page.getByRole('listbox').getByRole('option', { name });
		// Typing again is what a person does when the list does not open; it also covers a busy CI machine.
		await expect(async () => {
			await this.unit.click();
			await this.unit.fill('');
			await this.unit.fill(query);
			await expect(option).toBeVisible({ timeout: 3000 });
		}).toPass({ timeout: 20_000 });
		await option.click();
		await expect(this.page.getByText(`Đã chọn:`)).toContainText(name);
	}

	async fill(person: NewPerson) {
		await this.fullName.fill(person.fullName);
		await this.birthDate.fill(person.birthDate);
		await this.chooseUnit(person.unitQuery, person.unitName);
		await this.phone.fill(person.phone);
		if (person.email !== undefined) await this.email.fill(person.email);
		await this.password.fill(person.password);
		await this.passwordConfirm.fill(person.passwordConfirm ?? person.password);
	}
}

/** A person that can sign up: fresh phone each call, a unit from the demo organization. */
export function newPerson(overrides: Partial<NewPerson> = {}): NewPerson {
	return {
		fullName: 'Đỗ Thị Kiểm Thử',
		birthDate: '1990-05-20',
		unitQuery: 'van phong so y',
		unitName: 'Chi bộ Văn phòng Sở Y tế',
		phone: uniquePhone(),
		password: 'Kiemthu@2026',
		...overrides
	};
}

/** The header's menu (signed in): the sign-out button and every place to go live in it. */
export async function openMenu(page: Page) {
	const signOutButton = page.getByRole('button', { name: 'Đăng xuất' });
	if (await signOutButton.isVisible()) return;
	await page.getByRole('button', { name: /^Menu của / }).click();
	await expect(signOutButton).toBeVisible();
}

/** The header's sign-out button (in the menu), then the signed-out home page. */
export async function signOut(page: Page) {
	await openMenu(page);
	await page.getByRole('button', { name: 'Đăng xuất' }).click();
	await expect(page.getByRole('navigation').getByRole('link', { name: 'Đăng nhập' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Đăng xuất' })).toHaveCount(0);
}

export async function expectSignedInAs(page: Page, fullName: string) {
	await expect(page.getByText(`Xin chào, ${fullName}.`)).toBeVisible();
	await expect(page.getByRole('button', { name: `Menu của ${fullName}` })).toBeVisible();
}

/** The quiz's submit button, then the styled confirmation (the page no longer uses the browser's confirm()). */
export async function submitQuiz(page: Page) {
	await page.getByRole('button', { name: 'Nộp bài', exact: true }).click();
	const dialog = page.getByRole('alertdialog', { name: 'Nộp bài?' });
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: 'Xác nhận nộp bài' }).click();
}

/** `signInAs('participant')` signs the test's page in as that demo account and waits for the home page. */
export const test = base.extend<{ signInAs: (role: DemoRole) => Promise<void> }>({
	signInAs: async ({ page }, use) => {
		await use(async (role) => {
			const login = new LoginPage(page);
			await login.goto();
			await login.signIn(DEMO[role].phone, DEMO[role].password);
			await expectSignedInAs(page, DEMO[role].fullName);
		});
	}
});

export { expect };

/**
 * Posts a form to an action from inside the signed-in page (the browser's fetch carries its session and origin)
 * and returns the action's own status: SvelteKit wraps an action's answer in a 200 JSON reply.
 */
export async function postForm(page: Page, url: string, form: Record<string, string>): Promise<number> {
	return page.evaluate(
		async ([url, form]) => {
			const response = await fetch(url, {
				method: 'POST',
				body: new URLSearchParams(form),
				headers: { accept: 'application/json' }
			});
			if (response.status !== 200) return response.status;
			const answer = (await response.json()) as { type: string; status?: number };
			return answer.type === 'failure' ? (answer.status ?? 0) : answer.type === 'redirect' ? 303 : 200;
		},
		[url, form] as const
	);
}
