import { error, fail } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { normalizePhone } from '$lib/phone';
import { registerEntrySchema, videoUrlText } from '$lib/schemas/essays-kinds';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import {
	activeUserByPhone,
	contestKind,
	listContestEntries,
	nextAppearanceNo,
	registerEntry,
	REGISTERED_KINDS
} from '$lib/server/essays/kinds/register';
import { personInScope } from '$lib/server/organizer-grants';
import { embedUrl } from '$lib/video-links';
import { essayContest } from '../../forms.server';
import type { Actions, PageServerLoad } from './$types';

// The teams of a video or performance contest: the organizer registers each one while the contest takes entries.

async function registeredContest(idParam: string) {
	const contest = await essayContest(idParam);
	const kind = await contestKind(db(), contest.id);
	if (!kind || !REGISTERED_KINDS.includes(kind.entryKind)) error(404);
	return { contest, kind: kind as typeof kind & { entryKind: 'video' | 'performance' } };
}

export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const { contest, kind } = await registeredContest(event.params.id);
	const [entries, next] = await Promise.all([
		listContestEntries(db(), contest.id),
		nextAppearanceNo(db(), contest.id)
	]);
	const form = await superValidate(
		{ kind: kind.entryKind, appearanceNo: kind.entryKind === 'performance' ? next : null },
		zod4(registerEntrySchema),
		{ errors: false }
	);
	return {
		kind: kind.entryKind,
		open: kind.stage === 'draft' || kind.stage === 'submissions',
		entries: entries.map((e) => ({ ...e, embed: e.videoUrl ? embedUrl(e.videoUrl) : null })),
		form
	};
};

export const actions: Actions = {
	default: async (event) => {
		const me = await requireContestOrganizer(event, event.params.id);
		const { contest, kind } = await registeredContest(event.params.id);
		const form = await superValidate(event.request, zod4(registerEntrySchema));
		form.data.kind = kind.entryKind;
		if (!form.valid) return fail(400, { form });
		const phone = normalizePhone(form.data.contactPhone);
		const contactId = phone ? await activeUserByPhone(db(), phone) : null;
		// a scoped organizer registers teams among the people they may see
		if (contactId === null || !(await personInScope(db(), me.organizer, contactId)))
			return setError(form, 'contactPhone', m.kinds_v_contact_not_found());
		const result = await registerEntry(db(), {
			contestId: contest.id,
			organizerId: me.id,
			contactUserId: contactId,
			teamName: form.data.teamName,
			title: form.data.title,
			videoUrl: form.data.videoUrl,
			appearanceNo: form.data.appearanceNo
		});
		if (result.ok) {
			const next = kind.entryKind === 'performance' ? (form.data.appearanceNo ?? 0) + 1 : null;
			const fresh = await superValidate(
				{ kind: kind.entryKind, appearanceNo: next },
				zod4(registerEntrySchema),
				{ errors: false }
			);
			return message(fresh, { type: 'ok', text: m.kinds_registered({ code: result.code }) });
		}
		switch (result.error) {
			case 'not_found':
			case 'not_registered_kind':
				error(404);
			// falls through: error() throws
			case 'stage':
				return message(form, { type: 'error', text: m.kinds_err_stage() }, { status: 409 });
			case 'contact_not_found':
				return setError(form, 'contactPhone', m.kinds_v_contact_not_found());
			case 'team_required':
				return setError(form, 'teamName', m.v_required());
			case 'title_required':
				return setError(form, 'title', m.v_required());
			case 'appearance_required':
				return setError(form, 'appearanceNo', m.kinds_v_appearance());
			case 'appearance_taken':
				return setError(form, 'appearanceNo', m.kinds_v_appearance_taken());
			case 'busy':
				return message(form, { type: 'error', text: m.kinds_err_busy() }, { status: 409 });
			case 'video_url_invalid':
			case 'video_url_not_https':
			case 'video_url_too_long':
				return setError(form, 'videoUrl', videoUrlText[result.error]());
		}
	}
};
