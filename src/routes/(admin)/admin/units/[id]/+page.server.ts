import { error, fail, redirect } from '@sveltejs/kit';
import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { moveUnitSchema, unitEditSchema } from '$lib/schemas/units';
import { requireRole } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { getUnit, moveUnit, setUnitActive, unitBreadcrumb, unitOption, updateUnit } from '$lib/server/units';
import { unitErrorMessage } from '../unit-errors';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const idParam = z.coerce.number().int().positive();

function unitIdOf(event: RequestEvent) {
	const parsed = idParam.safeParse(event.params.id);
	if (!parsed.success) error(404);
	return parsed.data;
}

export const load: PageServerLoad = async (event) => {
	requireRole(event, 'admin');
	const unit = await getUnit(db(), unitIdOf(event));
	if (!unit) error(404);
	const parent = unit.parentId ? await unitOption(db(), unit.parentId) : undefined;
	return {
		unit: { id: unit.id, name: unit.name, code: unit.code, active: unit.active, parentId: unit.parentId },
		parentLabel: parent?.trail.join(' › ') ?? '',
		breadcrumb: await unitBreadcrumb(db(), unit.id),
		form: await superValidate(
			{ code: unit.code, name: unit.name, headcount: unit.headcount },
			zod4(unitEditSchema)
		),
		moveForm: await superValidate({ parentId: unit.parentId ?? 0, toTop: false }, zod4(moveUnitSchema), {
			errors: false
		})
	};
};

export const actions: Actions = {
	update: async (event) => {
		requireRole(event, 'admin');
		const id = unitIdOf(event);
		const form = await superValidate(event.request, zod4(unitEditSchema));
		if (!form.valid) return fail(400, { form });
		const result = await updateUnit(db(), id, form.data);
		if (!result.ok) {
			return result.error === 'code_taken'
				? setError(form, 'code', m.unit_code_taken())
				: message(form, { type: 'error', text: unitErrorMessage(result.error) }, { status: 400 });
		}
		return message(form, { type: 'ok', text: m.unit_saved() });
	},
	move: async (event) => {
		requireRole(event, 'admin');
		const id = unitIdOf(event);
		const form = await superValidate(event.request, zod4(moveUnitSchema));
		if (!form.valid) return fail(400, { moveForm: form });
		const result = await moveUnit(db(), id, form.data.toTop ? null : form.data.parentId);
		if (!result.ok) {
			return message(form, { type: 'error', text: unitErrorMessage(result.error) }, { status: 400 });
		}
		return message(form, { type: 'ok', text: m.unit_moved() });
	},
	deactivate: async (event) => {
		requireRole(event, 'admin');
		const result = await setUnitActive(db(), unitIdOf(event), false);
		if (!result.ok) return fail(400, { activeError: unitErrorMessage(result.error) });
		redirect(303, event.url.pathname);
	},
	activate: async (event) => {
		requireRole(event, 'admin');
		const result = await setUnitActive(db(), unitIdOf(event), true);
		if (!result.ok) return fail(400, { activeError: unitErrorMessage(result.error) });
		redirect(303, event.url.pathname);
	}
};
