import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db, readDb } from '$lib/server/db';
import {
	CALIBRATION_FLAG_SHARE,
	MAX_CALIBRATION_ENTRIES,
	calibrationReport,
	setCalibration,
	type CalibrationError
} from '$lib/server/essays/calibration';
import { roundOfParams } from '../../round.server';
import type { Actions, PageServerLoad } from './$types';

/** Organizer-only: it names judges and how far each scores from the panel. Judges never reach it (the guard). */
export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const roundId = await roundOfParams(event.params);
	const report = await calibrationReport(readDb(), roundId);
	if (!report) error(404, m.error_404_text());
	return { report, max: MAX_CALIBRATION_ENTRIES, flagShare: CALIBRATION_FLAG_SHARE };
};

function calibrationErrorText(code: CalibrationError, codes = ''): string {
	switch (code) {
		case 'too_many':
			return m.calibration_err_too_many({ max: MAX_CALIBRATION_ENTRIES });
		case 'not_in_round':
			return m.calibration_err_not_in_round({ codes });
		case 'judging_started':
			return m.calibration_err_started();
		case 'stage':
			return m.calibration_err_stage();
		case 'not_found':
			return m.error_404_text();
	}
}

const form = z.object({ codes: z.string().max(2000).default('') });

export const actions: Actions = {
	set: async (event) => {
		const user = await requireContestOrganizer(event, event.params.id);
		const roundId = await roundOfParams(event.params);
		const parsed = form.safeParse(Object.fromEntries(await event.request.formData()));
		const raw = parsed.success ? parsed.data.codes : '';
		if (!parsed.success)
			return fail(400, { codes: raw, error: m.calibration_err_too_many({ max: MAX_CALIBRATION_ENTRIES }) });
		const codes = raw.split(/[\s,;]+/).filter(Boolean);
		const done = await setCalibration(db(), { roundId, codes, actorId: user.id });
		if (!done.ok)
			return fail(400, { codes: raw, error: calibrationErrorText(done.error, done.fields?.codes) });
		return { codes: raw, done: m.calibration_saved({ entries: done.entries, assigned: done.assigned }) };
	}
};
