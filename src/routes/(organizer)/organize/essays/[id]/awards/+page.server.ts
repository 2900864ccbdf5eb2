import { error, fail } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import {
	type AwardError,
	awardsView,
	saveEntryAwards,
	savedUnitAwards,
	saveUnitAwards,
	type UnitAwardError,
	unitLevels,
	unitStandings
} from '$lib/server/essays/results';
import {
	type CorrectionError,
	correctResults,
	publishResults,
	type PublishResultsError
} from '$lib/server/essays/publication';
import { essayContest } from '../../forms.server';
import type { Actions, PageServerLoad } from './$types';

/** Units pre-ticked when no collective prize is saved yet: the first ones of the ranking that have entries. */
const SUGGESTED_UNITS = 3;

export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const contest = await essayContest(event.params.id);
	const [view, levels, savedUnits] = await Promise.all([
		awardsView(db(), contest.id),
		unitLevels(db(), contest.id),
		savedUnitAwards(db(), contest.id)
	]);
	const asked = Number(event.url.searchParams.get('level'));
	const level = levels.levels.includes(asked) ? asked : levels.defaultLevel;
	// the final ranking aggregates the whole round: computed once, for the awards and the units alike
	const standings = await unitStandings(db(), contest.id, level, {
		ranking: view.ranking,
		root: levels.root
	});
	return {
		contest: { id: contest.id, title: contest.title, published: contest.published },
		round: view.round,
		tiers: view.tiers,
		rows: view.rows.map((r) => ({ ...r, chosen: view.hasSaved ? r.saved : r.suggested })),
		hasSaved: view.hasSaved,
		unscored: view.unscored,
		savedElsewhere: view.savedElsewhere,
		basis: view.ranking.basis,
		earlier: view.earlier,
		publishedAt: view.publishedAt,
		levels: levels.levels.map((depth, i) => ({ depth, label: i + 1 })),
		level,
		units: standings.map((u, i) => ({
			...u,
			ticked: savedUnits.length > 0 ? u.saved !== null : i < SUGGESTED_UNITS && u.entries > 0
		})),
		savedUnits,
		unitTitle: savedUnits[0]?.title ?? m.awards_unit_title_default()
	};
};

const awardsForm = z
	.object({
		entry: z.array(z.coerce.number().int().positive()).max(5000),
		tier: z.array(z.string().max(100))
	})
	.refine((v) => v.entry.length === v.tier.length);

const unitsForm = z.object({
	unit: z.array(z.coerce.number().int().positive()).max(5000),
	title: z.string().max(200)
});

function awardErrorText(code: AwardError | UnitAwardError): string {
	switch (code) {
		case 'not_found':
			error(404);
		// falls through: error() throws
		case 'published':
			return m.awards_err_published();
		case 'unknown_tier':
			return m.awards_err_unknown_tier();
		case 'foreign_entry':
			return m.awards_err_foreign_entry();
		case 'duplicate_entry':
			return m.awards_err_duplicate_entry();
		case 'bad_title':
			return m.awards_err_bad_title();
		case 'foreign_unit':
			return m.awards_err_foreign_unit();
		case 'not_in_final_round':
			return m.decide_err_not_in_final_round();
	}
}

function publishErrorText(code: PublishResultsError): string {
	switch (code) {
		case 'not_found':
			error(404);
		// falls through: error() throws
		case 'no_final_round':
			return m.awards_err_no_final_round();
		case 'final_round_open':
			return m.awards_err_final_round_open();
		case 'no_awards':
			return m.awards_err_no_awards();
		case 'stage':
			return m.stages_err_stage();
		case 'published':
			return m.stages_err_published();
	}
}

function correctionErrorText(code: CorrectionError): string {
	switch (code) {
		case 'not_found':
			error(404);
		// falls through: error() throws
		case 'not_published':
			return m.stages_err_not_published();
		case 'reason_required':
			return m.stages_err_reason();
		case 'no_changes':
			return m.stages_err_no_changes();
		case 'unknown_tier':
			return m.awards_err_unknown_tier();
		case 'foreign_entry':
			return m.awards_err_foreign_entry();
		case 'duplicate_entry':
			return m.awards_err_duplicate_entry();
	}
}

const correctionForm = z
	.object({
		entry: z.array(z.coerce.number().int().positive()).max(5000),
		tier: z.array(z.string().max(100)),
		reason: z.string().max(2000)
	})
	.refine((v) => v.entry.length === v.tier.length);

export const actions: Actions = {
	awards: async (event) => {
		const me = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const data = await event.request.formData();
		const parsed = awardsForm.safeParse({ entry: data.getAll('entry'), tier: data.getAll('tier') });
		if (!parsed.success) return fail(400, { awardsError: m.contest_bad_request() });
		const awards = parsed.data.entry
			.map((entryId, i) => ({ entryId, tier: parsed.data.tier[i].trim() }))
			.filter((a) => a.tier !== '');
		const result = await saveEntryAwards(db(), contest.id, awards, me.id);
		if (!result.ok) return fail(400, { awardsError: awardErrorText(result.error) });
		return {
			awardsDone: m.awards_saved({ count: result.value.saved }),
			overflows: result.value.overflows.map((o) =>
				m.awards_overflow({ tier: o.tier, given: o.given, count: o.count })
			)
		};
	},
	units: async (event) => {
		const user = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const data = await event.request.formData();
		const parsed = unitsForm.safeParse({ unit: data.getAll('unit'), title: data.get('title') ?? '' });
		if (!parsed.success) return fail(400, { unitsError: m.contest_bad_request() });
		const result = await saveUnitAwards(db(), contest.id, parsed.data.unit, parsed.data.title, user.id);
		if (!result.ok) return fail(400, { unitsError: awardErrorText(result.error) });
		return { unitsDone: m.awards_units_saved({ count: result.value.saved }) };
	},
	publish: async (event) => {
		const me = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const result = await publishResults(db(), contest.id, { actorId: me.id });
		if (!result.ok) return fail(400, { publishError: publishErrorText(result.error) });
		return { publishDone: m.awards_published_done() };
	},
	correct: async (event) => {
		const me = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const data = await event.request.formData();
		const parsed = correctionForm.safeParse({
			entry: data.getAll('entry'),
			tier: data.getAll('tier'),
			reason: data.get('reason') ?? ''
		});
		if (!parsed.success) return fail(400, { correctError: m.contest_bad_request() });
		// only the rows whose award differs from the published one are changes
		const saved = new Map((await awardsView(db(), contest.id)).rows.map((r) => [r.entryId, r.saved ?? '']));
		const changes = parsed.data.entry
			.map((entryId, i) => ({ entryId, tier: parsed.data.tier[i].trim() }))
			.filter((c) => (saved.get(c.entryId) ?? '') !== c.tier)
			.map((c) => ({ entryId: c.entryId, tier: c.tier === '' ? null : c.tier }));
		const result = await correctResults(db(), contest.id, {
			actorId: me.id,
			reason: parsed.data.reason,
			changes
		});
		if (!result.ok) return fail(400, { correctError: correctionErrorText(result.error) });
		const c = result.certificates;
		return { correctDone: m.stages_correct_done({ count: c.refreshed + c.created + c.revoked }) };
	}
};
