import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { grantRole, listUsers, resetPassword, revokeRole, setUserDisabled } from '$lib/server/accounts';
import { requireOrganizer, requireRole } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

const listQuery = z.object({
	q: z.string().max(100).default(''),
	before: z.coerce.number().int().positive().optional()
});
const target = z.object({ userId: z.coerce.number().int().positive() });
const roleChange = target.extend({ role: z.enum(['organizer', 'judge', 'admin']) });

async function targetOf(request: Request, schema: typeof target | typeof roleChange) {
	const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
	if (!parsed.success) error(400, m.people_bad_request());
	return parsed.data;
}

export const load: PageServerLoad = async (event) => {
	const me = requireOrganizer(event);
	const parsed = listQuery.safeParse(Object.fromEntries(event.url.searchParams));
	if (!parsed.success) error(400, m.people_bad_request());
	const { q, before } = parsed.data;
	const page = await listUsers(db(), { query: q, before, limit: 50, scope: me.organizer });
	return { ...page, q, isAdmin: me.roles.includes('admin'), meId: me.id };
};

export const actions: Actions = {
	resetPassword: async (event) => {
		const me = requireOrganizer(event);
		const { userId } = await targetOf(event.request, target);
		const admin = me.roles.includes('admin');
		const result = await resetPassword(db(), userId, { admin, scope: me.organizer });
		if (!result.ok)
			return result.error === 'forbidden'
				? fail(403, { error: m.people_reset_forbidden() })
				: fail(404, { error: m.people_not_found() });
		return { reset: { userId, fullName: result.fullName, password: result.password } };
	},
	disable: async (event) => {
		const me = requireRole(event, 'admin');
		const { userId } = await targetOf(event.request, target);
		if (userId === me.id) return fail(400, { error: m.people_not_self() });
		await setUserDisabled(db(), userId, true);
		return { done: m.people_disabled_done() };
	},
	enable: async (event) => {
		requireRole(event, 'admin');
		const { userId } = await targetOf(event.request, target);
		await setUserDisabled(db(), userId, false);
		return { done: m.people_enabled_done() };
	},
	grant: async (event) => {
		const me = requireRole(event, 'admin');
		const { userId, role } = (await targetOf(event.request, roleChange)) as z.infer<typeof roleChange>;
		await grantRole(db(), userId, role, me.id);
		return { done: m.people_role_granted() };
	},
	revoke: async (event) => {
		const me = requireRole(event, 'admin');
		const { userId, role } = (await targetOf(event.request, roleChange)) as z.infer<typeof roleChange>;
		if (userId === me.id && role === 'admin') return fail(400, { error: m.people_not_self() });
		await revokeRole(db(), userId, role);
		return { done: m.people_role_revoked() };
	}
};
