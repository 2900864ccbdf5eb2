import { fail, redirect } from '@sveltejs/kit';
import { message, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { MAX_BULK, peopleActionSchema, peopleFilterSchema } from '$lib/schemas/people';
import { grantRole, revokeRole } from '$lib/server/accounts';
import { requireOrganizer } from '$lib/server/auth/guards';
import { readConfig } from '$lib/server/config';
import { db } from '$lib/server/db';
import { jobQueue } from '$lib/server/jobs';
import { bulkTargets, setPeopleDisabled } from '$lib/server/people/bulk';
import { countPeople, listPeople } from '$lib/server/people/directory';
import { requestPeopleSlips } from '$lib/server/slips/job';
import { unitOption } from '$lib/server/units';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = requireOrganizer(event);
	const filterForm = await superValidate(event.url, zod4(peopleFilterSchema), { errors: false });
	const { q, unit, role, status, sort, after } = filterForm.data;
	const filter = { query: q, unitId: unit, role, status };
	const [page, total, unitChoice] = await Promise.all([
		listPeople(db(), { filter, scope: me.organizer, sort, after, limit: 50 }),
		countPeople(db(), filter, me.organizer),
		unit ? unitOption(db(), unit) : undefined
	]);
	return {
		...page,
		total,
		filterForm,
		unitLabel: unitChoice?.name ?? '',
		actionForm: await superValidate(zod4(peopleActionSchema), { errors: false }),
		isAdmin: me.roles.includes('admin'),
		meId: me.id,
		maxBulk: MAX_BULK
	};
};

const ROLE_ACTIONS = {
	grant_organizer: ['organizer', true],
	revoke_organizer: ['organizer', false],
	grant_judge: ['judge', true],
	revoke_judge: ['judge', false]
} as const;

export const actions: Actions = {
	act: async (event) => {
		const me = requireOrganizer(event);
		const form = await superValidate(event.request, zod4(peopleActionSchema));
		if (!form.valid) return fail(400, { actionForm: form });
		const { action, target, ids, q, unit, role, status } = form.data;
		const admin = me.roles.includes('admin');
		if (action in ROLE_ACTIONS) {
			if (!admin) return message(form, { type: 'error', text: m.people_admin_only() }, { status: 403 });
			const [roleName, grant] = ROLE_ACTIONS[action as keyof typeof ROLE_ACTIONS];
			if (ids.length !== 1)
				return message(form, { type: 'error', text: m.people_bad_request() }, { status: 400 });
			if (!grant && roleName === 'organizer' && ids[0] === me.id)
				return message(form, { type: 'error', text: m.people_not_self() }, { status: 400 });
			if (grant) await grantRole(db(), ids[0], roleName, me.id);
			else await revokeRole(db(), ids[0], roleName);
			return message(form, { type: 'ok', text: grant ? m.people_role_granted() : m.people_role_revoked() });
		}
		const targets = await bulkTargets(
			db(),
			target === 'matching' ? { matching: { query: q, unitId: unit, role, status } } : { ids },
			{ id: me.id, admin, scope: me.organizer }
		);
		if (!targets.ok)
			return message(
				form,
				{
					type: 'error',
					text: targets.error === 'too_many' ? m.people_too_many({ max: MAX_BULK }) : m.people_bulk_nobody()
				},
				{ status: 400 }
			);
		if (action === 'reset') {
			const asked = await requestPeopleSlips(jobQueue(), {
				userIds: targets.ids,
				actorId: me.id,
				admin,
				origin: readConfig().origin ?? event.url.origin
			});
			if (!asked.ok)
				return message(form, { type: 'error', text: m.slips_already_running() }, { status: 409 });
			redirect(303, `/organize/slips?job=${asked.jobId}`);
		}
		const count = await setPeopleDisabled(db(), targets.ids, action === 'disable', me.id);
		return message(form, {
			type: 'ok',
			text:
				action === 'disable' ? m.people_bulk_disabled_done({ count }) : m.people_bulk_enabled_done({ count })
		});
	}
};
