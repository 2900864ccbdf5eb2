import { fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { normalizePhone } from '$lib/phone';
import { signUpSchema } from '$lib/schemas/account';
import { registerUser } from '$lib/server/accounts';
import { requireGuest } from '$lib/server/auth/guards';
import { SIGN_UP_RULES } from '$lib/server/auth/sign-in-guard';
import { peekLimit, takeAttempt } from '$lib/server/auth/throttle';
import { clientAddress, retryAfter, startSession } from '$lib/server/auth/request';
import { db } from '$lib/server/db';
import { unitOption } from '$lib/server/units';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireGuest(event);
	return { form: await superValidate(zod4(signUpSchema)), unitLabel: '' };
};

export const actions: Actions = {
	default: async (event) => {
		requireGuest(event);
		const form = await superValidate(event.request, zod4(signUpSchema));
		const password = form.data.password;
		form.data.password = '';
		form.data.passwordConfirm = '';
		const chosen = form.data.unitId ? await unitOption(db(), form.data.unitId) : undefined;
		const unitLabel = chosen?.trail.join(' › ') ?? '';
		if (!form.valid) return fail(400, { form, unitLabel });

		const phone = normalizePhone(form.data.phone)!;
		const address = clientAddress(event);
		// attempts per phone count at once; per address only created accounts count (refused, cheap requests cannot
		// use up an office's sign-ups), checked first without counting
		const limited =
			(await peekLimit(db(), `signup-ip:${address}`, SIGN_UP_RULES.address)) ??
			(await takeAttempt(db(), [{ key: `signup-phone:${phone}`, rule: SIGN_UP_RULES.phone }]));
		if (!limited.ok) {
			retryAfter(event, limited.retryAfter);
			return message(
				form,
				{ type: 'error', text: m.rate_limited({ seconds: limited.retryAfter }) },
				{ status: 429 }
			);
		}

		const result = await registerUser(db(), {
			fullName: form.data.fullName,
			birthDate: form.data.birthDate,
			unitId: form.data.unitId,
			phone,
			email: form.data.email ? form.data.email.toLowerCase() : null,
			cccd: form.data.cccd || null,
			password
		});
		if (!result.ok) {
			const field = {
				phone_taken: ['phone', m.v_phone_taken()],
				email_taken: ['email', m.v_email_taken()],
				cccd_taken: ['cccd', m.v_cccd_taken()],
				unit_unavailable: ['unitId', m.v_unit()]
			} as const;
			const [name, text] = field[result.error];
			return setError(form, name, text);
		}
		await takeAttempt(db(), [{ key: `signup-ip:${address}`, rule: SIGN_UP_RULES.address }]);
		await startSession(event, result.userId);
		redirect(303, '/');
	}
};
