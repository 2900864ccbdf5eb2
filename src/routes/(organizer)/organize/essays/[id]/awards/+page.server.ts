import { message, setError, superValidate } from 'sveltekit-superforms';
import { zod4 } from 'sveltekit-superforms/adapters';
import { m } from '$lib/paraglide/messages';
import { correctionSchema, entryAwardsSchema, publishSchema, unitAwardsSchema } from '$lib/schemas/awards';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import {
	awardsView,
	saveEntryAwards,
	savedUnitAwards,
	saveUnitAwards,
	unitLevels,
	unitStandings
} from '$lib/server/essays/results';
import { correctResults, publishResults } from '$lib/server/essays/publication';
import { essayContest } from '../../forms.server';
import { awardErrorText, correctionErrorText, publishErrorText } from './errors.server';
import type { Actions, PageServerLoad } from './$types';

/** Units pre-ticked when no collective prize is saved yet: the first ones of the ranking that have entries. */
const SUGGESTED_UNITS = 3;

export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const contest = await essayContest(event.params.id);
	const [view, levels, savedUnits, entryForm, unitForm, publishForm, correctionForm] = await Promise.all([
		awardsView(db(), contest.id),
		unitLevels(db(), contest.id),
		savedUnitAwards(db(), contest.id),
		superValidate(zod4(entryAwardsSchema), { id: 'awards' }),
		superValidate(zod4(unitAwardsSchema), { id: 'units' }),
		superValidate(zod4(publishSchema), { id: 'publish' }),
		superValidate(zod4(correctionSchema), { id: 'correct' })
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
		unitTitle: savedUnits[0]?.title ?? m.awards_unit_title_default(),
		forms: { entries: entryForm, units: unitForm, publish: publishForm, correct: correctionForm }
	};
};

const badRequest = () => ({ type: 'error' as const, text: m.contest_bad_request() });

export const actions: Actions = {
	awards: async (event) => {
		const me = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const form = await superValidate(event.request, zod4(entryAwardsSchema), { id: 'awards' });
		if (!form.valid) return message(form, badRequest(), { status: 400 });
		const awards = form.data.entry
			.map((entryId, i) => ({ entryId, tier: form.data.tier[i] }))
			.filter((a) => a.tier !== '');
		const result = await saveEntryAwards(db(), contest.id, awards, me.id);
		if (!result.ok)
			return message(form, { type: 'error', text: awardErrorText(result.error) }, { status: 400 });
		return message(form, {
			type: 'ok',
			text: m.awards_saved({ count: result.value.saved }),
			warnings: result.value.overflows.map((o) =>
				m.awards_overflow({ tier: o.tier, given: o.given, count: o.count })
			)
		});
	},
	units: async (event) => {
		const user = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const form = await superValidate(event.request, zod4(unitAwardsSchema), { id: 'units' });
		if (!form.valid) return message(form, badRequest(), { status: 400 });
		const result = await saveUnitAwards(db(), contest.id, form.data.unit, form.data.title, user.id);
		if (!result.ok) {
			const text = awardErrorText(result.error);
			if (result.error === 'bad_title') return setError(form, 'title', text);
			return message(form, { type: 'error', text }, { status: 400 });
		}
		return message(form, { type: 'ok', text: m.awards_units_saved({ count: result.value.saved }) });
	},
	publish: async (event) => {
		const me = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const form = await superValidate(event.request, zod4(publishSchema), { id: 'publish' });
		const result = await publishResults(db(), contest.id, { actorId: me.id });
		if (!result.ok)
			return message(form, { type: 'error', text: publishErrorText(result.error) }, { status: 400 });
		return message(form, { type: 'ok', text: m.awards_published_done() });
	},
	correct: async (event) => {
		const me = await requireContestOrganizer(event, event.params.id);
		const contest = await essayContest(event.params.id);
		const form = await superValidate(event.request, zod4(correctionSchema), { id: 'correct' });
		if (!form.valid) return message(form, badRequest(), { status: 400 });
		// only the rows whose award differs from the published one are changes
		const saved = new Map((await awardsView(db(), contest.id)).rows.map((r) => [r.entryId, r.saved ?? '']));
		const changes = form.data.entry
			.map((entryId, i) => ({ entryId, tier: form.data.tier[i] }))
			.filter((c) => (saved.get(c.entryId) ?? '') !== c.tier)
			.map((c) => ({ entryId: c.entryId, tier: c.tier === '' ? null : c.tier }));
		const result = await correctResults(db(), contest.id, {
			actorId: me.id,
			reason: form.data.reason,
			changes
		});
		if (!result.ok) {
			const text = correctionErrorText(result.error);
			if (result.error === 'reason_required') return setError(form, 'reason', text);
			return message(form, { type: 'error', text }, { status: 400 });
		}
		const c = result.certificates;
		return message(form, {
			type: 'ok',
			text: m.stages_correct_done({ count: c.refreshed + c.created + c.revoked })
		});
	}
};
