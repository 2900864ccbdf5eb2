import { fail, redirect } from '@sveltejs/kit';
import { setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { changePasswordSchema } from '$lib/schemas/account';
import { changePassword } from '$lib/server/accounts';
import { requireUser } from '$lib/server/auth/guards';
import { startSession } from '$lib/server/auth/request';
import { db } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event, { allowPasswordChange: true });
	return { form: await superValidate(zod4(changePasswordSchema)), forced: user.mustChangePassword };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event, { allowPasswordChange: true });
		const form = await superValidate(event.request, zod4(changePasswordSchema));
		const { currentPassword, password } = form.data;
		form.data = { currentPassword: '', password: '', passwordConfirm: '' };
		if (!form.valid) return fail(400, { form });
		const result = await changePassword(db(), user.id, currentPassword, password);
		if (!result.ok) {
			return result.error === 'wrong_current'
				? setError(form, 'currentPassword', m.v_current_password())
				: setError(form, 'password', m.v_password_same());
		}
		// Every session ended with the change (other devices are signed out); this device gets a fresh one.
		await startSession(event, user.id);
		redirect(303, '/account?changed=1');
	}
};
