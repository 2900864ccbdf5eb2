import { error, fail } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { certificateSettingsSchema } from '$lib/schemas/certificates';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { contestForCertificates } from '$lib/server/certificates/queries';
import {
	certificateSettingsOf,
	LOGO_MAX_BYTES,
	type LogoError,
	removeCertificateLogo,
	saveCertificateSettings,
	setCertificateLogo
} from '$lib/server/certificates/settings';
import { db } from '$lib/server/db';
import { fileStore } from '$lib/server/files';
import type { Actions, PageServerLoad } from './$types';

async function contestOf(param: string) {
	const id = z.coerce.number().int().positive().safeParse(param);
	const contest = id.success ? await contestForCertificates(db(), id.data) : null;
	if (!contest) error(404, m.error_404_text());
	return contest;
}

export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.contestId);
	const contest = await contestOf(event.params.contestId);
	const { logo, ...text } = await certificateSettingsOf(db(), contest.id);
	return {
		contest: { id: contest.id, title: contest.title },
		hasLogo: logo !== null,
		form: await superValidate(text, zod4(certificateSettingsSchema), { errors: false })
	};
};

function logoErrorText(code: LogoError): string {
	switch (code) {
		case 'empty':
			return m.cert_logo_empty();
		case 'too_large':
			return m.cert_logo_too_large();
		case 'not_image':
			return m.cert_logo_not_image();
		case 'unreadable':
			return m.cert_logo_unreadable();
		case 'not_found':
			error(404, m.error_404_text());
	}
}

export const actions: Actions = {
	save: async (event) => {
		const user = await requireContestOrganizer(event, event.params.contestId);
		const contest = await contestOf(event.params.contestId);
		const form = await superValidate(event.request, zod4(certificateSettingsSchema));
		if (!form.valid) return fail(400, { form });
		const saved = await saveCertificateSettings(db(), contest.id, form.data, user.id);
		if (!saved.ok) error(404, m.error_404_text());
		return message(form, { type: 'ok', text: m.cert_settings_saved() });
	},
	logo: async (event) => {
		const user = await requireContestOrganizer(event, event.params.contestId);
		const contest = await contestOf(event.params.contestId);
		const data = await event.request.formData().catch(() => null);
		const file = data?.get('logo');
		if (!(file instanceof File) || file.size === 0) return fail(400, { logoError: m.cert_logo_empty() });
		// refused before reading it whole
		if (file.size > LOGO_MAX_BYTES) return fail(400, { logoError: m.cert_logo_too_large() });
		const bytes = new Uint8Array(await file.arrayBuffer());
		const result = await setCertificateLogo(db(), fileStore(), contest.id, bytes, user.id);
		if (!result.ok) return fail(400, { logoError: logoErrorText(result.error) });
		return { logoDone: m.cert_settings_logo_saved() };
	},
	removeLogo: async (event) => {
		const user = await requireContestOrganizer(event, event.params.contestId);
		const contest = await contestOf(event.params.contestId);
		const result = await removeCertificateLogo(db(), contest.id, user.id);
		if (!result.ok) error(404, m.error_404_text());
		return { logoDone: m.cert_settings_logo_removed() };
	}
};
