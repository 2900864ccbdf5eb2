import { error } from '@sveltejs/kit';
import { message, setError, type SuperValidated } from 'sveltekit-superforms';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import type { AwardTiersForm, EssayContestForm, EssayRoundForm } from '$lib/schemas/essays-setup';
import { db } from '$lib/server/db';
import {
	type EssayContest,
	type EssayContestError,
	type EssayContestInput,
	type EssayRoundInput,
	getEssayContest,
	type PublishError,
	type RoundFailure,
	type RoundSummary,
	type TierError
} from '$lib/server/essays/setup';
import { fromVietnamLocal, toVietnamLocal } from '$lib/server/quiz/time';

// Between the forms (Vietnam-time text, megabytes, parallel arrays) and the domain (instants, bytes, lists), and
// from the domain's error codes to words next to the right field.

type Form<T extends Record<string, unknown>> = SuperValidated<T, App.Superforms.Message>;

const MB = 1024 * 1024;
const positiveId = z.coerce.number().int().positive();

/** A route parameter that must be an id: anything else is a page that does not exist. */
export function idParam(value: string | undefined): number {
	const parsed = positiveId.safeParse(value);
	if (!parsed.success) error(404);
	return parsed.data;
}

/** The essay contest the URL names, or a 404. */
export async function essayContest(idValue: string | undefined): Promise<EssayContest> {
	const contest = await getEssayContest(db(), idParam(idValue));
	if (!contest) error(404);
	return contest;
}

/** null when a date does not parse: the schema has already said so next to the field. */
export function contestInputOf(data: EssayContestForm): EssayContestInput | null {
	const opensAt = fromVietnamLocal(data.opensAt);
	const closesAt = fromVietnamLocal(data.closesAt);
	if (!opensAt || !closesAt) return null;
	return {
		title: data.title,
		description: data.description,
		rules: data.rules,
		eligibleUnitId: data.eligibility === 'unit' && data.eligibleUnitId > 0 ? data.eligibleUnitId : null,
		codePrefix: data.codePrefix,
		opensAt,
		closesAt,
		entriesPerAuthor: data.entriesPerAuthor,
		minWords: data.minWords,
		maxWords: data.maxWords,
		requirement: data.requirement,
		maxFileBytes: Math.round(data.maxFileMb * MB),
		entryKind: data.entryKind,
		blind: data.blind
	};
}

export function contestFormValues(contest: EssayContest): EssayContestForm {
	const s = contest.settings;
	return {
		title: contest.title,
		description: contest.description,
		rules: contest.rules,
		eligibility: contest.eligibleUnitId === null ? 'all' : 'unit',
		eligibleUnitId: contest.eligibleUnitId ?? 0,
		codePrefix: s.codePrefix,
		opensAt: toVietnamLocal(s.opensAt),
		closesAt: toVietnamLocal(s.closesAt),
		entriesPerAuthor: s.entriesPerAuthor,
		minWords: s.minWords,
		maxWords: s.maxWords,
		requirement: s.requirement,
		maxFileMb: Math.round((s.maxFileBytes / MB) * 10) / 10,
		entryKind: s.entryKind,
		blind: s.blind
	};
}

/** A new contest's form: entries from next week, for a month; 1 entry, a 10 MB file, text or file. */
export function newContestFormValues(now: Date = new Date()): Partial<EssayContestForm> {
	const day = 24 * 3600 * 1000;
	const opens = toVietnamLocal(new Date(now.getTime() + 7 * day)).slice(0, 10) + 'T08:00';
	const closes = toVietnamLocal(new Date(now.getTime() + 37 * day)).slice(0, 10) + 'T17:00';
	return {
		codePrefix: `CT-${toVietnamLocal(now).slice(0, 4)}`,
		opensAt: opens,
		closesAt: closes,
		entriesPerAuthor: 1,
		minWords: null,
		maxWords: null,
		requirement: 'text_or_file',
		maxFileMb: 10,
		entryKind: 'essay',
		blind: true
	};
}

export function contestFailure(form: Form<EssayContestForm>, code: EssayContestError) {
	switch (code) {
		case 'not_found':
			error(404);
		// falls through: error() throws
		case 'invalid_title':
			return setError(form, 'title', m.contest_v_title());
		case 'unit_not_found':
			return setError(form, 'eligibleUnitId', m.v_unit());
		case 'invalid_code_prefix':
			return setError(form, 'codePrefix', m.essay_setup_v_code_prefix());
		case 'code_prefix_taken':
			return setError(form, 'codePrefix', m.essay_setup_v_code_prefix_taken());
		case 'code_prefix_locked':
			return setError(form, 'codePrefix', m.essay_setup_v_code_prefix_locked());
		case 'invalid_window':
			return setError(form, 'closesAt', m.essay_setup_v_window());
		case 'invalid_entries':
			return setError(form, 'entriesPerAuthor', m.essay_setup_v_entries());
		case 'invalid_words':
			return setError(form, 'maxWords', m.essay_setup_v_words_order());
		case 'invalid_file_size':
			return setError(form, 'maxFileMb', m.essay_setup_v_file_mb());
		case 'window_locked':
			return setError(form, 'closesAt', m.stages_err_window_locked());
		case 'performance_blind':
			return setError(form, 'blind', m.kinds_v_performance_blind());
	}
}

export function publishErrorText(code: PublishError): string {
	switch (code) {
		case 'not_found':
			return m.contest_not_found();
		case 'stage':
			return m.stages_err_stage();
		case 'invalid_rubric':
			return m.essay_setup_publish_invalid_rubric();
	}
}

// ---------------------------------------------------------------------------------------------------------------
// Rounds

export function roundFormValues(summary: RoundSummary): EssayRoundForm {
	const { round, criteria } = summary;
	return {
		name: round.name,
		scale: round.scale,
		judgesPerEntry: round.judgesPerEntry,
		disagreementThreshold: round.disagreementThreshold,
		settleRule: round.settleRule,
		advanceRule: round.advanceRule ?? 'none',
		advanceValue: round.advanceValue,
		closesAt: round.closesAt ? toVietnamLocal(round.closesAt) : '',
		criterionNames: criteria.map((c) => c.name),
		criterionMaxima: criteria.map((c) => c.maxPoints),
		criterionLevels: criteria.map((c) => c.levels)
	};
}

export function roundInputOf(data: EssayRoundForm): EssayRoundInput {
	return {
		name: data.name,
		scale: data.scale,
		judgesPerEntry: data.judgesPerEntry,
		disagreementThreshold: data.disagreementThreshold,
		settleRule: data.settleRule,
		advanceRule: data.advanceRule === 'none' ? null : data.advanceRule,
		advanceValue: data.advanceRule === 'none' ? null : data.advanceValue,
		closesAt: data.closesAt === '' ? null : fromVietnamLocal(data.closesAt),
		criteria: data.criterionNames.map((name, i) => ({
			name,
			maxPoints: data.criterionMaxima[i] ?? 0,
			levels: data.criterionLevels[i] ?? ''
		}))
	};
}

export function roundFailure(form: Form<EssayRoundForm>, failure: RoundFailure) {
	switch (failure.error) {
		case 'not_found':
		case 'contest_not_found':
			error(404);
		// falls through: error() throws
		case 'invalid_name':
			return setError(form, 'name', m.v_required());
		case 'invalid_scale':
			return setError(form, 'scale', m.essay_setup_v_scale());
		case 'invalid_judges':
			return setError(form, 'judgesPerEntry', m.essay_setup_v_judges());
		case 'invalid_threshold':
			return setError(form, 'disagreementThreshold', m.essay_setup_v_threshold());
		case 'invalid_advance':
			return setError(form, 'advanceValue', m.essay_setup_v_advance());
		case 'invalid_criterion_name':
			return setError(form, 'criterionMaxima._errors', m.essay_setup_v_criterion_name());
		case 'invalid_criterion_levels':
			return setError(form, 'criterionMaxima._errors', m.essay_setup_v_criterion_levels());
		case 'too_many_criteria':
			return setError(form, 'criterionMaxima._errors', m.essay_setup_v_too_many_criteria());
		case 'invalid_rubric': {
			const total = form.data.criterionMaxima.reduce((sum, v) => sum + v, 0);
			return setError(
				form,
				'criterionMaxima._errors',
				form.data.criterionMaxima.length === 0
					? m.essay_setup_v_rubric_empty()
					: m.essay_setup_v_rubric_sum({ total, scale: form.data.scale })
			);
		}
		case 'has_scores':
			return message(form, { type: 'error', text: m.essay_setup_has_scores() }, { status: 409 });
		case 'results_published':
			return message(form, { type: 'error', text: m.awards_err_results_published() }, { status: 409 });
	}
}

// ---------------------------------------------------------------------------------------------------------------
// Award tiers

export function tiersFormValues(tiers: { name: string; count: number }[]): AwardTiersForm {
	return { tierNames: tiers.map((t) => t.name), tierCounts: tiers.map((t) => t.count) };
}

export function tiersFailure(form: Form<AwardTiersForm>, code: TierError) {
	switch (code) {
		case 'not_found':
			error(404);
		// falls through: error() throws
		case 'invalid_tier_name':
			return setError(form, 'tierCounts._errors', m.essay_setup_v_tier_name());
		case 'invalid_tier_count':
			return setError(form, 'tierCounts._errors', m.essay_setup_v_tier_count());
		case 'too_many_tiers':
			return setError(form, 'tierCounts._errors', m.essay_setup_v_too_many_tiers());
		case 'tier_in_use':
			return message(form, { type: 'error', text: m.essay_setup_tier_in_use() }, { status: 409 });
		case 'results_published':
			return message(form, { type: 'error', text: m.awards_err_results_published() }, { status: 409 });
	}
}
