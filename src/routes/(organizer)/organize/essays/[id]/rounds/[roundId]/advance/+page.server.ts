import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { advancePreview, advanceRound, roundStatus } from '$lib/server/essays/rounds-admin';
import type { AdvanceRule } from '$lib/server/essays/scoring';
import { judgingErrorText, roundOfParams } from '../round.server';
import type { Actions, PageServerLoad } from './$types';

/** How many rows below the cut the preview still lists (the rest are counted). */
const SHOWN_BELOW_CUT = 20;
/** Entries not fully scored: the first ones by code are listed, the rest counted. */
const SHOWN_UNSETTLED = 200;

const ruleFields = z.object({
	rule: z.enum(['top_k', 'min_score']).optional(),
	value: z.string().trim().max(20).optional()
});

/** The organizer's override for this action, or null (the round's own rule); 'bad' when the value does not fit. */
function overrideOf(fields: Record<string, unknown>, scale: number): AdvanceRule | null | 'bad' {
	const parsed = ruleFields.safeParse(fields);
	if (!parsed.success) return 'bad';
	const { rule, value } = parsed.data;
	if (!rule || !value) return null;
	const n = Number(value.replace(',', '.'));
	if (rule === 'top_k') return Number.isInteger(n) && n >= 1 && n <= 100_000 ? { rule, k: n } : 'bad';
	return Number.isFinite(n) && n >= 0 && n <= scale ? { rule, min: n } : 'bad';
}

async function scaleOf(roundId: number): Promise<number> {
	const status = await roundStatus(db(), roundId);
	if (!status) error(404, m.error_404_text());
	return status.scale;
}

export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const roundId = await roundOfParams(event.params);
	const fields = Object.fromEntries(event.url.searchParams);
	const override = overrideOf(fields, await scaleOf(roundId));
	const shown = await advancePreview(db(), roundId, override === 'bad' ? null : override);
	if (!shown.ok) error(404, m.error_404_text());
	const { ranked, ...preview } = shown.preview;
	const lastKept = ranked.findLastIndex((r) => r.decision !== 'out');
	const shownRows = preview.rule ? ranked.slice(0, lastKept + 1 + SHOWN_BELOW_CUT) : ranked.slice(0, 100);
	return {
		preview: {
			...preview,
			ranked: shownRows,
			rankedCount: ranked.length,
			unsettled: preview.unsettled.slice(0, SHOWN_UNSETTLED),
			unsettledCount: preview.unsettled.length
		},
		badValue: override === 'bad',
		fields: { rule: fields.rule ?? preview.rule?.rule ?? 'top_k', value: fields.value ?? '' }
	};
};

export const actions: Actions = {
	advance: async (event) => {
		const user = await requireContestOrganizer(event, event.params.id);
		const roundId = await roundOfParams(event.params);
		const fields = Object.fromEntries(await event.request.formData());
		const override = overrideOf(fields, await scaleOf(roundId));
		if (override === 'bad') return fail(400, { error: m.judging_err_bad_form() });
		const moved = await advanceRound(db(), roundId, {
			override,
			includeTied: fields.includeTied === 'on',
			expected: typeof fields.fingerprint === 'string' ? fields.fingerprint : undefined,
			actorId: user.id
		});
		if (!moved.ok) return fail(409, { error: judgingErrorText(moved.error) });
		return {
			done: m.judging_adv_done({
				added: moved.added,
				advanced: moved.advanced,
				round: moved.nextRound.name
			}),
			nextRoundId: moved.nextRound.id
		};
	}
};
