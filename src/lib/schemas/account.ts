import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { birthDate, newPassword, optionalCccd, optionalEmail, personName, phone, unitId } from './fields';

export const signUpSchema = z
	.object({
		fullName: personName(),
		birthDate: birthDate(),
		unitId: unitId(),
		phone: phone(),
		email: optionalEmail(),
		cccd: optionalCccd(),
		password: newPassword(),
		passwordConfirm: z.string()
	})
	.refine((v) => v.password === v.passwordConfirm, {
		path: ['passwordConfirm'],
		error: () => m.v_password_confirm()
	});

export const signInSchema = z.object({
	login: z
		.string()
		.trim()
		.min(1, { error: () => m.v_required() })
		.max(200),
	password: z
		.string()
		.min(1, { error: () => m.v_required() })
		.max(128)
});

export const changePasswordSchema = z
	.object({
		currentPassword: z.string().min(1, { error: () => m.v_required() }),
		password: newPassword(),
		passwordConfirm: z.string()
	})
	.refine((v) => v.password === v.passwordConfirm, {
		path: ['passwordConfirm'],
		error: () => m.v_password_confirm()
	});
