import { error, fail } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { unitSchema } from '$lib/schemas/units';
import { requireRole } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { createUnit, getUnit, rollupChildren, unitBreadcrumb } from '$lib/server/units';
import { unitErrorMessage } from './unit-errors';
import type { Actions, PageServerLoad } from './$types';

const parentParam = z.coerce.number().int().positive().optional();

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'admin');
	const parsed = parentParam.safeParse(event.url.searchParams.get('parent') ?? undefined);
	if (!parsed.success) error(404);
	const parentId = parsed.data ?? null;
	const parent = parentId ? await getUnit(db(), parentId) : null;
	if (parentId && !parent) error(404);
	const form = await superValidate({ parentId: parentId ?? 0, headcount: 0 }, zod4(unitSchema), {
		errors: false
	});
	return {
		parent: parent ? { id: parent.id, name: parent.name, code: parent.code, active: parent.active } : null,
		breadcrumb: parentId ? await unitBreadcrumb(db(), parentId) : [],
		children: await rollupChildren(db(), parentId),
		form
	};
};

export const actions: Actions = {
	create: async (event) => {
		requireRole(event, 'admin');
		const form = await superValidate(event.request, zod4(unitSchema));
		if (!form.valid) return fail(400, { form });
		const { code, name, headcount, parentId } = form.data;
		const result = await createUnit(db(), { code, name, headcount, parentId: parentId || null });
		if (!result.ok) {
			return result.error === 'code_taken'
				? setError(form, 'code', m.unit_code_taken())
				: message(form, { type: 'error', text: unitErrorMessage(result.error) }, { status: 400 });
		}
		return message(form, { type: 'ok', text: m.unit_created({ name: result.value.name }) });
	}
};
