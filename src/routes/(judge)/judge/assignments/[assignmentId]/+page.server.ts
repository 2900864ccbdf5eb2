import { error, fail } from '@sveltejs/kit';
import type { RubricCode } from '$lib/components/judging/labels';
import { rubricErrorText } from '$lib/components/judging/labels';
import { m } from '$lib/paraglide/messages';
import { parseScoreForm } from '$lib/schemas/essays-score';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { documentForJudge } from '$lib/server/essays/judge-document';
import { neighboursInQueue } from '$lib/server/essays/judge-navigation';
import { entryForJudge, judgeQueue } from '$lib/server/essays/judge-side';
import { fileStore } from '$lib/server/files';
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
	const entry = found.entry;
	const [document, queue] = await Promise.all([
		entry.hasFile ? documentForJudge(db(), fileStore(), assignmentId, user.id) : null,
		judgeQueue(db(), user.id, entry.roundId)
	]);
	return {
		entry,
		document,
		neighbours: neighboursInQueue(queue[0]?.items ?? [], assignmentId)
	};
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
						: saved.error === 'calibration_pending'
							? m.judging_err_calibration_pending()
							: m.judging_err_generic({ code: saved.error });
		return fail(409, { message, fieldErrors: {}, ...keep });
	}
};
