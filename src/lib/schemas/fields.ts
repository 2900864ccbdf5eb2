import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { normalizePhone } from '$lib/phone';
import { cleanText } from '$lib/text';

// Messages are functions so that each validation speaks the language of the request that runs it.

export const personName = () =>
	z
		.string()
		.transform(cleanText)
		.pipe(
			z
				.string()
				.min(2, { error: () => m.v_name_short() })
				.max(100, { error: () => m.v_too_long({ max: 100 }) })
				.regex(/\p{L}/u, { error: () => m.v_name_letters() })
		);

export const phone = () =>
	z
		.string()
		.trim()
		.min(1, { error: () => m.v_required() })
		.refine((v) => normalizePhone(v) !== null, { error: () => m.v_phone() });

export const optionalEmail = () =>
	z
		.string()
		.trim()
		.max(200, { error: () => m.v_too_long({ max: 200 }) })
		.refine((v) => v === '' || z.email().safeParse(v).success, { error: () => m.v_email() });

export const optionalCccd = () =>
	z
		.string()
		.transform((v) => v.replace(/\s/g, ''))
		.refine((v) => v === '' || /^\d{12}$/.test(v), { error: () => m.v_cccd() });

/** A birth date from <input type="date">: YYYY-MM-DD, a real day, age between 15 and 100. */
export const birthDate = () =>
	z
		.string()
		.min(1, { error: () => m.v_required() })
		.refine(isPlausibleBirthDate, { error: () => m.v_birth_date() });

export function isPlausibleBirthDate(value: string, today = new Date()): boolean {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!match) return false;
	const [y, mo, d] = match.slice(1).map(Number);
	const date = new Date(Date.UTC(y, mo - 1, d));
	if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return false;
	const age = today.getUTCFullYear() - y;
	return age >= 15 && age <= 100;
}

export const newPassword = () =>
	z
		.string()
		.min(8, { error: () => m.v_password_short() })
		.max(128, { error: () => m.v_too_long({ max: 128 }) })
		.refine((v) => /\p{L}/u.test(v) && /\d/.test(v), { error: () => m.v_password_mix() });

export const unitId = () =>
	z
		.number({ error: () => m.v_unit() })
		.int({ error: () => m.v_unit() })
		.positive({ error: () => m.v_unit() });

export const unitCode = () =>
	z
		.string()
		.transform((v) => cleanText(v).toUpperCase())
		.pipe(
			z
				.string()
				.min(1, { error: () => m.v_required() })
				.max(32, { error: () => m.v_too_long({ max: 32 }) })
				.regex(/^[A-Z0-9][A-Z0-9._-]*$/, { error: () => m.v_unit_code() })
		);

export const unitName = () =>
	z
		.string()
		.transform(cleanText)
		.pipe(
			z
				.string()
				.min(2, { error: () => m.v_required() })
				.max(200, { error: () => m.v_too_long({ max: 200 }) })
		);

export const headcount = () =>
	z
		.number({ error: () => m.v_headcount() })
		.int({ error: () => m.v_headcount() })
		.min(0, { error: () => m.v_headcount() })
		.max(1_000_000, { error: () => m.v_headcount() });
