import { error } from '@sveltejs/kit';
import { message, setError, type SuperValidated } from 'sveltekit-superforms';
import { z } from 'zod';
import { formatNumber } from '$lib/format';
import { m } from '$lib/paraglide/messages';
import type { contestSchema, RoundForm } from '$lib/schemas/contests';
import { db } from '$lib/server/db';
import {
	type ContestInput,
	getContest,
	type LockedField,
	type Outcome,
	type PublishError,
	type ResultsError,
	type RoundError,
	type RoundInput,
	type Shortage,
	type TopicChoice
} from '$lib/server/quiz/contests';
import { fromVietnamLocal, toVietnamLocal } from '$lib/server/quiz/time';

// Between the forms (text in Vietnam time, minutes, parallel topic arrays) and the domain (instants, seconds,
// topic lists), and from the domain's error codes to words next to the right field.

type ContestForm = z.infer<typeof contestSchema>;
type Form<T extends Record<string, unknown>> = SuperValidated<T, App.Superforms.Message>;

const positiveId = z.coerce.number().int().positive();

/** A route parameter that must be an id: anything else is a page that does not exist. */
export function idParam(value: string | undefined): number {
	const parsed = positiveId.safeParse(value);
	if (!parsed.success) error(404);
	return parsed.data;
}

/** The quiz contest the URL names, or a 404. */
export async function quizContest(idValue: string | undefined) {
	const contest = await getContest(db(), idParam(idValue));
	if (!contest || contest.kind !== 'quiz') error(404);
	return contest;
}

export function contestInputOf(data: ContestForm): ContestInput {
	return {
		title: data.title,
		description: data.description,
		rules: data.rules,
		eligibleUnitId: data.eligibility === 'unit' && data.eligibleUnitId > 0 ? data.eligibleUnitId : null
	};
}

export function contestFormValues(contest: ContestInput): ContestForm {
	return {
		title: contest.title,
		description: contest.description,
		rules: contest.rules,
		eligibility: contest.eligibleUnitId === null ? 'all' : 'unit',
		eligibleUnitId: contest.eligibleUnitId ?? 0
	};
}

/** The form's values for a round: every topic of the bank is a row, those the round draws from with their count. */
export function roundFormValues(round: RoundInput, bank: TopicChoice[]): RoundForm {
	const counts = new Map(round.topics.map((t) => [t.topicId, t.questionCount]));
	return {
		name: round.name,
		practice: round.practice,
		opensAt: toVietnamLocal(round.opensAt),
		closesAt: toVietnamLocal(round.closesAt),
		timeLimitMinutes: round.timeLimitSeconds / 60,
		attemptsAllowed: round.attemptsAllowed,
		shuffleQuestions: round.shuffleQuestions,
		shuffleOptions: round.shuffleOptions,
		predictionEnabled: round.predictionEnabled,
		reviewPolicy: round.reviewPolicy,
		graceSeconds: round.graceSeconds,
		minSecondsPerQuestion: round.minSecondsPerQuestion ?? 3,
		topicIds: bank.map((t) => t.id),
		questionCounts: bank.map((t) => counts.get(t.id) ?? 0)
	};
}

/** null when a date does not parse: the schema has already said so next to the field. */
export function roundInputOf(data: RoundForm): RoundInput | null {
	const opensAt = fromVietnamLocal(data.opensAt);
	const closesAt = fromVietnamLocal(data.closesAt);
	if (!opensAt || !closesAt) return null;
	return {
		name: data.name,
		practice: data.practice,
		opensAt,
		closesAt,
		timeLimitSeconds: Math.round(data.timeLimitMinutes * 60),
		attemptsAllowed: data.attemptsAllowed,
		shuffleQuestions: data.shuffleQuestions,
		shuffleOptions: data.shuffleOptions,
		predictionEnabled: data.practice ? false : data.predictionEnabled,
		reviewPolicy: data.reviewPolicy,
		graceSeconds: data.graceSeconds,
		minSecondsPerQuestion: data.minSecondsPerQuestion,
		topics: data.topicIds
			.map((topicId, i) => ({ topicId, questionCount: data.questionCounts[i] ?? 0 }))
			.filter((t) => t.questionCount > 0)
	};
}

export function shortageText(s: Shortage): string {
	const values = { topic: s.topicName, available: formatNumber(s.available), needed: formatNumber(s.needed) };
	return s.roundName
		? m.round_shortage_in_round({ ...values, round: s.roundName })
		: m.round_shortage({ ...values });
}

export function lockedFieldLabel(field: LockedField): string {
	switch (field) {
		case 'practice':
			return m.round_field_practice();
		case 'opensAt':
			return m.round_field_opens();
		case 'timeLimitSeconds':
			return m.round_field_time_limit();
		case 'attemptsAllowed':
			return m.round_field_attempts();
		case 'shuffleQuestions':
			return m.round_field_shuffle_questions();
		case 'shuffleOptions':
			return m.round_field_shuffle_options();
		case 'predictionEnabled':
			return m.round_field_prediction();
		case 'graceSeconds':
			return m.round_field_grace();
		case 'topics':
			return m.round_topics_legend();
	}
}

/** Where a refused round goes: next to its field, or above the form. Not-found codes are a 404. */
export function roundFailure<T extends Record<string, unknown>>(
	form: Form<T>,
	failure: Extract<Outcome<unknown, RoundError>, { ok: false }>
) {
	// the locked form has only some of these fields; the domain names only fields of the form that posted
	const field = (path: string, text: string) =>
		setError(form as unknown as Form<RoundForm>, path as never, text);
	const notice = (text: string) => message(form, { type: 'error', text }, { status: 400 });
	if (failure.error === 'not_found' || failure.error === 'contest_not_found') error(404);
	switch (failure.error) {
		case 'invalid_name':
			return field('name', m.v_required());
		case 'invalid_window':
			return field('closesAt', m.round_v_window());
		case 'closes_in_past':
			return field('closesAt', m.round_closes_in_past());
		case 'close_moved_earlier':
			return field('closesAt', m.round_close_earlier());
		case 'finalized':
			return field('closesAt', m.round_close_finalized());
		case 'results_published':
			return field('closesAt', m.round_close_results_published());
		case 'invalid_time_limit':
			return field('timeLimitMinutes', m.round_v_time_limit());
		case 'invalid_attempts':
			return field('attemptsAllowed', m.round_v_attempts_required());
		case 'invalid_grace':
			return field('graceSeconds', m.round_v_grace());
		case 'invalid_min_seconds':
			return field('minSecondsPerQuestion', m.quizint_v_min_seconds());
		case 'prediction_in_practice':
			return field('predictionEnabled', m.round_v_prediction_practice());
		case 'no_topics':
		case 'invalid_topic_count':
		case 'duplicate_topic':
			return field('questionCounts._errors', m.round_v_no_questions());
		case 'too_many_questions':
			return field('questionCounts._errors', m.round_v_too_many_simple({ max: 100 }));
		case 'topic_not_found':
			return notice(m.round_topic_not_found());
		case 'short_of_questions':
			return notice([m.round_not_saved_short(), ...(failure.shortages ?? []).map(shortageText)].join(' '));
		case 'has_attempts':
			return notice(
				m.round_has_attempts({ fields: (failure.lockedFields ?? []).map(lockedFieldLabel).join(', ') })
			);
		case 'round_closed':
			return field('closesAt', m.quizint_round_closed());
		case 'practice_overlap':
			return notice(m.quizint_practice_overlap({ round: failure.overlapWith ?? '' }));
	}
}

export function publishErrorText(error: PublishError): string {
	switch (error) {
		case 'not_found':
			return m.contest_not_found();
		case 'no_rounds':
			return m.contest_publish_no_rounds();
		case 'short_of_questions':
			return m.contest_publish_short();
	}
}

export function resultsErrorText(error: ResultsError | 'pending_review'): string {
	switch (error) {
		case 'not_found':
			return m.round_not_found();
		case 'practice':
			return m.round_results_practice();
		case 'not_closed':
			return m.round_results_not_closed();
		case 'results_published':
			return m.quizint_results_final();
		case 'pending_review':
			return m.quizint_pending_review();
	}
}
