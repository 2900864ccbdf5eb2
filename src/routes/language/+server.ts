import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { cookieMaxAge, cookieName, locales } from '$lib/paraglide/runtime';
import { safeNext } from '$lib/server/auth/request';
import type { RequestHandler } from './$types';

const choice = z.object({ locale: z.enum(locales), next: z.string().max(2000).default('/') });

// The language switch as a plain form post: it works before the page's JavaScript has loaded (or without it).
// Public on purpose: it only sets the visitor's own language cookie.
export const POST: RequestHandler = async ({ request, cookies }) => {
	const parsed = choice.safeParse(Object.fromEntries(await request.formData()));
	const next = safeNext(parsed.success ? parsed.data.next : '/') ?? '/';
	if (parsed.success) {
		cookies.set(cookieName, parsed.data.locale, {
			path: '/',
			maxAge: cookieMaxAge,
			httpOnly: false,
			sameSite: 'lax',
			secure: false
		});
	}
	redirect(303, next);
};
