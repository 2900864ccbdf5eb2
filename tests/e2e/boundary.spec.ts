import { expect, test } from './fixtures';

// The request boundary and the security headers, seen from outside as an attacker's script or a browser sees them.

test('malformed ids, URLs and bodies are refused with 4xx, never a 500', async ({ request, baseURL }) => {
	// same-origin posts (SvelteKit refuses cross-site form posts before anything else)
	const origin = baseURL!;
	const answers = await Promise.all([
		request.get('/results/essays/99999999999'),
		request.post('/rounds/2147483648?/start', { headers: { origin }, form: { x: '1' } }),
		request.get('/api/units?q=%00'),
		request.post('/language', { headers: { origin, 'content-type': 'text/plain' }, data: 'locale=en' }),
		request.post('/language', {
			headers: { origin, 'content-type': 'multipart/form-data; boundary=x' },
			data: '--x\r\nbroken'
		}),
		request.get('/login?next=/%0A/x')
	]);
	const statuses = answers.map((r) => r.status());
	expect(statuses).toEqual([404, 404, 400, 400, 400, 400]);
});

test('pages carry a script policy without unsafe-inline; signed-in pages are never cached', async ({
	page,
	signInAs
}) => {
	const home = await page.goto('/');
	const csp = home?.headers()['content-security-policy'] ?? '';
	expect(csp).toContain("script-src 'self' 'nonce-");
	expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
	expect(csp).toContain("frame-ancestors 'none'");

	await signInAs('participant');
	const contests = await page.goto('/contests');
	expect(contests?.headers()['cache-control']).toBe('private, no-store');
	// the page works under the policy: its scripts ran (the language switch is enhanced, the heading is there)
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('a crafted next= after signing in never leads to another site', async ({ page, request }) => {
	// with a tab or line break hidden in it, the URL itself is refused
	expect((await request.get('/login?next=%2F%09%2Fevil.example')).status()).toBe(400);
	await page.goto('/login?next=%2F%2Fevil.example');
	await page.getByLabel('Số điện thoại hoặc email').fill('0900000004');
	await page.getByLabel('Mật khẩu', { exact: true }).fill('Thisinh@2026');
	await page.getByRole('button', { name: 'Đăng nhập' }).click();
	await page.waitForURL((url) => url.pathname === '/');
	expect(new URL(page.url()).hostname).toBe('127.0.0.1');
});
