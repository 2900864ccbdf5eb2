import { error, fail } from '@sveltejs/kit';
import type { RubricCode } from '$lib/components/judging/labels';
import { rubricErrorText } from '$lib/components/judging/labels';
import { m } from '$lib/paraglide/messages';
import { parseScoreForm } from '$lib/schemas/essays-score';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { entryForJudge } from '$lib/server/essays/judge-side';
import { saveScore } from '$lib/server/essays/marking';
import { judgedAssignment } from './access.server';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const assignmentId = await judgedAssignment(user, event.params.assignmentId);
	const found = await entryForJudge(db(), assignmentId, user.id);
	if (!found.ok) {
		if (found.error === 'not_assigned') error(403, m.judging_err_not_assigned());
		error(404, m.judging_err_withdrawn());
	}
	return { entry: found.entry };
};

export const actions: Actions = {
	save: async (event) => {
		const user = requireUser(event);
		const assignmentId = await judgedAssignment(user, event.params.assignmentId);
		const data = await event.request.formData();
		const parsed = parseScoreForm(data);
		if (!parsed.ok) {
			const fieldErrors: Record<string, string> = {};
			for (const [id, code] of Object.entries(parsed.fieldErrors)) fieldErrors[id] = rubricErrorText(code);
			const message = parsed.field.startsWith('p_') ? m.judging_err_invalid() : m.judging_err_bad_form();
			return fail(400, { message, fieldErrors, raw: parsed.raw, comment: String(data.get('comment') ?? '') });
		}
		const saved = await saveScore(db(), assignmentId, user.id, parsed.value);
		if (saved.ok) {
			return { saved: saved.status };
		}
		const keep = { raw: parsed.raw, comment: parsed.value.comment };
		if (saved.error === 'invalid') {
			const fieldErrors: Record<string, string> = {};
			for (const e of saved.errors) fieldErrors[e.criterionId] = rubricErrorText(e.code as RubricCode);
			return fail(400, { message: m.judging_err_invalid(), fieldErrors, ...keep });
		}
		if (saved.error === 'not_assigned') error(403, m.judging_err_not_assigned());
		const message =
			saved.error === 'closed'
				? m.judging_err_closed()
				: saved.error === 'already_submitted'
					? m.judging_err_already_submitted()
					: saved.error === 'withdrawn'
						? m.judging_err_withdrawn()
						: m.judging_err_generic({ code: saved.error });
		return fail(409, { message, fieldErrors: {}, ...keep });
	}
};
