import { fail, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { normalizePhone } from '$lib/phone';
import { signInSchema } from '$lib/schemas/account';
import { authenticate } from '$lib/server/accounts';
import { requireGuest } from '$lib/server/auth/guards';
import { clientAddress, retryAfter, safeNext, startSession } from '$lib/server/auth/request';
import {
	accountKeyOf,
	beginSignIn,
	DEVICE_COOKIE,
	deviceOwner,
	rememberDevice,
	signInSucceeded
} from '$lib/server/auth/sign-in-guard';
import { db } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireGuest(event);
	// a sign-in slip's QR code opens /login?phone=0912345678: the phone is filled in, the password is typed
	const phone = normalizePhone(event.url.searchParams.get('phone') ?? '');
	if (phone) return { form: await superValidate({ login: phone }, zod4(signInSchema), { errors: false }) };
	return { form: await superValidate(zod4(signInSchema)) };
};

export const actions: Actions = {
	default: async (event) => {
		requireGuest(event);
		const form = await superValidate(event.request, zod4(signInSchema));
		const password = form.data.password;
		form.data.password = ''; // never echo a password back into the page
		if (!form.valid) return fail(400, { form });

		const login = form.data.login;
		const phone = login.includes('@') ? null : normalizePhone(login);
		const identity = phone ? { phone } : login.includes('@') ? { email: login } : { raw: login };
		const deviceToken = event.cookies.get(DEVICE_COOKIE);
		// counted before the password is checked, so that parallel guesses cannot all pass the check before the first
		// failure is recorded (docs/SECURITY.md: the sign-in policy)
		const attempt = await beginSignIn(db(), {
			accountKey: await accountKeyOf(db(), identity),
			address: clientAddress(event),
			deviceToken,
			deviceUserId: await deviceOwner(db(), deviceToken)
		});
		if (!attempt.ok) {
			retryAfter(event, attempt.retryAfter);
			return message(
				form,
				{ type: 'error', text: m.rate_limited({ seconds: attempt.retryAfter }) },
				{ status: 429 }
			);
		}
		if ('raw' in identity) {
			return message(form, { type: 'error', text: m.sign_in_invalid() }, { status: 400 });
		}

		const result = await authenticate(db(), identity, password);
		if (!result.ok) {
			const text = result.error === 'disabled' ? m.sign_in_disabled() : m.sign_in_invalid();
			return message(
				form,
				{ type: 'error', text: text },
				{ status: result.error === 'disabled' ? 403 : 400 }
			);
		}
		await signInSucceeded(db(), attempt);
		await rememberDevice(db(), event.cookies, result.user.id, deviceToken, event.url.protocol === 'https:');
		await startSession(event, result.user.id);
		if (result.user.mustChangePassword) redirect(303, '/account/password');
		redirect(303, safeNext(event.url.searchParams.get('next')) ?? '/');
	}
};
