import { fail, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { normalizePhone } from '$lib/phone';
import { signInSchema } from '$lib/schemas/account';
import { authenticate } from '$lib/server/accounts';
import { requireGuest } from '$lib/server/auth/guards';
import { limits } from '$lib/server/auth/rate-limit';
import { clientAddress, retryAfter, safeNext, startSession } from '$lib/server/auth/request';
import { db } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireGuest(event);
	return { form: await superValidate(zod4(signInSchema)) };
};

export const actions: Actions = {
	default: async (event) => {
		requireGuest(event);
		const form = await superValidate(event.request, zod4(signInSchema));
		const password = form.data.password;
		form.data.password = ''; // never echo a password back into the page
		if (!form.valid) return fail(400, { form });

		const byIp = limits.signInPerIp.hit(clientAddress(event));
		if (!byIp.ok) {
			retryAfter(event, byIp.retryAfter);
			return message(
				form,
				{ type: 'error', text: m.rate_limited({ seconds: byIp.retryAfter }) },
				{ status: 429 }
			);
		}
		const login = form.data.login;
		const phone = login.includes('@') ? null : normalizePhone(login);
		const accountKey = phone ?? login.toLowerCase();
		// counted before the password is checked, so that parallel guesses cannot all pass the check before the first
		// failure is recorded; a successful sign-in clears the count
		const byAccount = limits.signInPerAccount.hit(accountKey);
		if (!byAccount.ok) {
			retryAfter(event, byAccount.retryAfter);
			return message(
				form,
				{ type: 'error', text: m.rate_limited({ seconds: byAccount.retryAfter }) },
				{ status: 429 }
			);
		}
		if (!login.includes('@') && !phone) {
			return message(form, { type: 'error', text: m.sign_in_invalid() }, { status: 400 });
		}

		const result = await authenticate(db(), phone ? { phone } : { email: login }, password);
		if (!result.ok) {
			const text = result.error === 'disabled' ? m.sign_in_disabled() : m.sign_in_invalid();
			return message(
				form,
				{ type: 'error', text: text },
				{ status: result.error === 'disabled' ? 403 : 400 }
			);
		}
		limits.signInPerAccount.reset(accountKey);
		await startSession(event, result.user.id);
		if (result.user.mustChangePassword) redirect(303, '/account/password');
		redirect(303, safeNext(event.url.searchParams.get('next')) ?? '/');
	}
};
