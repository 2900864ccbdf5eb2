import { and, asc, count, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { contestsInScope, type OrganizerScope } from '../auth/scope';
import type { Db } from '../db/client';
import {
	assignments,
	awardTiers,
	type Contest,
	contests,
	entries,
	entryAwards,
	type EssayRound,
	essayRounds,
	type EssaySettings,
	essaySettings,
	roleGrants,
	rubricCriteria,
	type RubricCriterion,
	scores,
	units,
	users
} from '../db/schema';
import { checkRubric, type RubricCheckCode } from './scoring';
import { allows, effectiveStage, setContestStagePublished } from './stages';

// Essay contests as the organizer sets them up: the contest and its settings, its rounds with their rubrics, the
// award tiers and the judges. Functions take a db (or transaction) handle and plain values and answer with error
// codes; the routes turn codes into words.

export type Outcome<T, E extends string> = { ok: true; value: T } | { ok: false; error: E };

const fail = <E extends string>(error: E) => ({ ok: false, error }) as const;

/** The database's check constraints (schema/essays.ts), checked first for a clear answer. */
export const ESSAY_LIMITS = {
	titleLength: 200,
	entriesPerAuthor: { min: 1, max: 20 },
	maxFileBytes: { min: 1024, max: 50 * 1024 * 1024 },
	words: { max: 100_000 },
	judgesPerEntry: { min: 1, max: 10 },
	criteria: { max: 20 },
	tiers: { max: 10, count: 1000 }
} as const;

/** "BLV-2026": capitals, digits and single hyphens; entry codes read "BLV-2026-0417". */
export const CODE_PREFIX = /^[A-Z0-9]+(-[A-Z0-9]+)*$/;

// ---------------------------------------------------------------------------------------------------------------
// Contests

export type EntryRequirement = EssaySettings['requirement'];

export interface EssayContestInput {
	title: string;
	description: string;
	rules: string;
	/** only people in this unit's subtree take part; null: everyone */
	eligibleUnitId: number | null;
	codePrefix: string;
	opensAt: Date;
	closesAt: Date;
	entriesPerAuthor: number;
	minWords: number | null;
	maxWords: number | null;
	requirement: EntryRequirement;
	maxFileBytes: number;
	/** chosen at creation only (kinds/register.ts); absent: an essay, blind */
	entryKind?: EssaySettings['entryKind'];
	blind?: boolean;
}

export type EssayContestError =
	| 'not_found'
	| 'invalid_title'
	| 'unit_not_found'
	| 'invalid_code_prefix'
	| 'code_prefix_taken'
	| 'code_prefix_locked'
	| 'invalid_window'
	| 'invalid_entries'
	| 'invalid_words'
	| 'invalid_file_size'
	| 'window_locked'
	| 'performance_blind';

const isCount = (value: number, min: number, max: number) =>
	Number.isInteger(value) && value >= min && value <= max;

/** Rules that need no database. */
export function checkEssayContestInput(input: EssayContestInput): EssayContestError | null {
	const title = input.title.trim();
	if (title === '' || title.length > ESSAY_LIMITS.titleLength) return 'invalid_title';
	if (!CODE_PREFIX.test(input.codePrefix) || input.codePrefix.length > 20) return 'invalid_code_prefix';
	if (!(input.closesAt.getTime() > input.opensAt.getTime())) return 'invalid_window';
	const { min, max } = ESSAY_LIMITS.entriesPerAuthor;
	if (!isCount(input.entriesPerAuthor, min, max)) return 'invalid_entries';
	const words = [input.minWords, input.maxWords].filter((w) => w !== null);
	if (words.some((w) => !isCount(w, 0, ESSAY_LIMITS.words.max))) return 'invalid_words';
	if (input.minWords !== null && input.maxWords !== null && input.maxWords < input.minWords)
		return 'invalid_words';
	const size = ESSAY_LIMITS.maxFileBytes;
	if (!isCount(input.maxFileBytes, size.min, size.max)) return 'invalid_file_size';
	// a stage performance is watched: its judges see who performs (essay_settings_performance_open)
	if (input.entryKind === 'performance' && input.blind !== false) return 'performance_blind';
	return null;
}

async function checkAgainstDb(
	db: Db,
	input: EssayContestInput,
	contestId: number | null
): Promise<EssayContestError | null> {
	if (input.eligibleUnitId !== null) {
		const [unit] = await db.select({ id: units.id }).from(units).where(eq(units.id, input.eligibleUnitId));
		if (!unit) return 'unit_not_found';
	}
	// entry codes are unique across contests, so two contests must not share a prefix
	const [taken] = await db
		.select({ id: essaySettings.contestId })
		.from(essaySettings)
		.where(
			and(
				eq(essaySettings.codePrefix, input.codePrefix),
				contestId === null ? undefined : ne(essaySettings.contestId, contestId)
			)
		);
	return taken ? 'code_prefix_taken' : null;
}

function contestValues(input: EssayContestInput) {
	return {
		title: input.title.trim(),
		description: input.description,
		rules: input.rules,
		eligibleUnitId: input.eligibleUnitId
	};
}

function settingsValues(input: EssayContestInput) {
	return {
		codePrefix: input.codePrefix,
		opensAt: input.opensAt,
		closesAt: input.closesAt,
		entriesPerAuthor: input.entriesPerAuthor,
		minWords: input.minWords,
		maxWords: input.maxWords,
		requirement: input.requirement,
		maxFileBytes: input.maxFileBytes
	};
}

export type EssayContest = Contest & { settings: EssaySettings };

export async function createEssayContest(
	db: Db,
	input: EssayContestInput & { createdBy: number | null }
): Promise<Outcome<EssayContest, EssayContestError>> {
	const problem = checkEssayContestInput(input) ?? (await checkAgainstDb(db, input, null));
	if (problem) return fail(problem);
	return db.transaction(async (tx) => {
		const [contest] = await tx
			.insert(contests)
			.values({ kind: 'essay', ...contestValues(input), createdBy: input.createdBy })
			.returning();
		const [settings] = await tx
			.insert(essaySettings)
			.values({
				contestId: contest.id,
				...settingsValues(input),
				entryKind: input.entryKind ?? 'essay',
				blind: input.blind ?? true
			})
			.returning();
		return { ok: true, value: { ...contest, settings } };
	});
}

/** The prefix is part of every entry's code: once an entry exists, it stays. */
export async function updateEssayContest(
	db: Db,
	id: number,
	input: EssayContestInput
): Promise<Outcome<EssayContest, EssayContestError>> {
	const problem = checkEssayContestInput(input) ?? (await checkAgainstDb(db, input, id));
	if (problem) return fail(problem);
	return db.transaction(async (tx) => {
		const [current] = await tx
			.select()
			.from(essaySettings)
			.where(eq(essaySettings.contestId, id))
			.for('no key update');
		if (!current) return fail('not_found');
		const windowMoved =
			current.opensAt.getTime() !== input.opensAt.getTime() ||
			current.closesAt.getTime() !== input.closesAt.getTime();
		if (windowMoved && !allows(effectiveStage(current, new Date()), 'edit_window'))
			return fail('window_locked');
		if (current.codePrefix !== input.codePrefix) {
			const [{ n }] = await tx.select({ n: count() }).from(entries).where(eq(entries.contestId, id));
			if (n > 0) return fail('code_prefix_locked');
		}
		const [contest] = await tx
			.update(contests)
			.set({ ...contestValues(input), updatedAt: new Date() })
			.where(eq(contests.id, id))
			.returning();
		const [settings] = await tx
			.update(essaySettings)
			.set(settingsValues(input))
			.where(eq(essaySettings.contestId, id))
			.returning();
		return { ok: true, value: { ...contest, settings } };
	});
}

export async function getEssayContest(db: Db, id: number): Promise<EssayContest | undefined> {
	const [row] = await db
		.select({ contest: contests, settings: essaySettings })
		.from(contests)
		.innerJoin(essaySettings, eq(essaySettings.contestId, contests.id))
		.where(and(eq(contests.id, id), eq(contests.kind, 'essay')));
	return row ? { ...row.contest, settings: row.settings } : undefined;
}

export interface EssayContestRow {
	id: number;
	title: string;
	published: boolean;
	codePrefix: string;
	opensAt: Date;
	closesAt: Date;
	eligibleUnitName: string | null;
	roundCount: number;
	entryCount: number;
}

/** Every essay contest, newest first, with its number of rounds and of submitted entries. */
export async function listEssayContests(db: Db, scope?: OrganizerScope): Promise<EssayContestRow[]> {
	return db
		.select({
			id: contests.id,
			title: contests.title,
			published: contests.published,
			codePrefix: essaySettings.codePrefix,
			opensAt: essaySettings.opensAt,
			closesAt: essaySettings.closesAt,
			eligibleUnitName: units.name,
			roundCount: sql<number>`(select count(*) from ${essayRounds} r where r.contest_id = ${contests.id})::int`,
			entryCount: sql<number>`(select count(*) from ${entries} e
				where e.contest_id = ${contests.id} and e.status = 'submitted')::int`
		})
		.from(contests)
		.innerJoin(essaySettings, eq(essaySettings.contestId, contests.id))
		.leftJoin(units, eq(units.id, contests.eligibleUnitId))
		.where(and(eq(contests.kind, 'essay'), scope ? contestsInScope(scope) : undefined))
		.orderBy(desc(contests.createdAt), desc(contests.id));
}

export type PublishError = 'not_found' | 'invalid_rubric' | 'stage';

/**
 * Publishing shows the contest to the people it is for and opens it to entries (stage draft → submissions); a
 * contest may be published before its first round exists, but no round may have a broken rubric. Hiding it again
 * is allowed only while it still accepts entries (submissions → draft; stages.ts).
 */
export async function setPublished(
	db: Db,
	id: number,
	published: boolean,
	actorId: number | null = null
): Promise<Outcome<Contest, PublishError>> {
	return db.transaction(async (tx) => {
		const [contest] = await tx
			.select()
			.from(contests)
			.where(and(eq(contests.id, id), eq(contests.kind, 'essay')))
			.for('no key update');
		if (!contest) return fail('not_found');
		if (published) {
			const list = await tx.select().from(essayRounds).where(eq(essayRounds.contestId, id));
			const criteria = await tx
				.select()
				.from(rubricCriteria)
				.where(
					inArray(
						rubricCriteria.roundId,
						list.map((r) => r.id)
					)
				);
			const broken = list.some(
				(r) =>
					!checkRubric(
						criteria
							.filter((c) => c.roundId === r.id)
							.map((c) => ({ id: String(c.id), maxPoints: c.maxPoints })),
						r.scale
					).ok
			);
			if (broken) return fail('invalid_rubric');
		}
		const staged = await setContestStagePublished(tx, id, published, actorId, new Date());
		if (!staged.ok) return fail(staged.error === 'not_found' ? 'not_found' : 'stage');
		const [updated] = await tx
			.update(contests)
			.set({ published, updatedAt: new Date() })
			.where(eq(contests.id, id))
			.returning();
		return { ok: true, value: updated };
	});
}

// ---------------------------------------------------------------------------------------------------------------
// Rounds and rubrics

export type SettleRule = EssayRound['settleRule'];
export type AdvanceRule = NonNullable<EssayRound['advanceRule']>;

export interface CriterionInput {
	name: string;
	maxPoints: number;
	/** what each level looks like, one a line; judges read it beside the criterion */
	levels?: string;
}

/** the longest level description of one criterion (the database allows a little more) */
export const CRITERION_LEVELS_MAX = 2000;

/** Level descriptions as stored: lines trimmed, blank lines dropped. */
export function normalizeLevels(levels: string | undefined): string {
	return (levels ?? '')
		.split(/\r?\n/)
		.map((line) => line.trim())
		.filter((line) => line.length > 0)
		.join('\n');
}

export interface EssayRoundInput {
	name: string;
	scale: number;
	judgesPerEntry: number;
	disagreementThreshold: number;
	settleRule: SettleRule;
	/** null: the organizer picks who advances by hand */
	advanceRule: AdvanceRule | null;
	advanceValue: number | null;
	/** null: open until the organizer closes the round */
	closesAt: Date | null;
	criteria: CriterionInput[];
}

export type RoundInputError =
	| 'invalid_name'
	| 'invalid_scale'
	| 'invalid_judges'
	| 'invalid_threshold'
	| 'invalid_advance'
	| 'invalid_criterion_name'
	| 'invalid_criterion_levels'
	| 'too_many_criteria'
	| 'invalid_rubric';

export type RoundError =
	RoundInputError | 'not_found' | 'contest_not_found' | 'has_scores' | 'results_published';

export type RoundFailure = {
	ok: false;
	error: RoundError;
	/** for invalid_rubric: what checkRubric found, with the criterion's index in the input (null: the whole rubric) */
	rubric?: { index: number | null; code: RubricCheckCode }[];
};

const isHalfStep = (value: number) => Number.isFinite(value) && Number.isInteger(value * 2);

/** Rules that need no database, the rubric's among them: its maxima must add up to the scale. */
export function checkRoundInput(input: EssayRoundInput): RoundFailure | null {
	const problem = (error: RoundError): RoundFailure => ({ ok: false, error });
	const name = input.name.trim();
	if (name === '' || name.length > 100) return problem('invalid_name');
	if (!isHalfStep(input.scale) || input.scale <= 0 || input.scale > 1000) return problem('invalid_scale');
	const judges = ESSAY_LIMITS.judgesPerEntry;
	if (!isCount(input.judgesPerEntry, judges.min, judges.max)) return problem('invalid_judges');
	if (
		!isHalfStep(input.disagreementThreshold) ||
		input.disagreementThreshold <= 0 ||
		input.disagreementThreshold > input.scale
	)
		return problem('invalid_threshold');
	if (input.advanceRule === null ? input.advanceValue !== null : !validAdvance(input))
		return problem('invalid_advance');
	if (input.criteria.length > ESSAY_LIMITS.criteria.max) return problem('too_many_criteria');
	const names = input.criteria.map((c) => c.name.trim());
	if (names.some((n) => n === '' || n.length > 100) || new Set(names).size !== names.length)
		return problem('invalid_criterion_name');
	if (input.criteria.some((c) => normalizeLevels(c.levels).length > CRITERION_LEVELS_MAX))
		return problem('invalid_criterion_levels');
	const check = checkRubric(
		input.criteria.map((c, i) => ({ id: String(i), maxPoints: c.maxPoints })),
		input.scale
	);
	if (!check.ok) {
		return {
			ok: false,
			error: 'invalid_rubric',
			rubric: check.errors.map((e) => ({
				index: e.criterionId === null ? null : Number(e.criterionId),
				code: e.code
			}))
		};
	}
	return null;
}

function validAdvance(input: EssayRoundInput): boolean {
	const value = input.advanceValue;
	if (value === null || !Number.isFinite(value)) return false;
	return input.advanceRule === 'top_k' ? isCount(value, 1, 100_000) : value >= 0 && value <= input.scale;
}

function roundValues(input: EssayRoundInput) {
	return {
		name: input.name.trim(),
		scale: input.scale,
		judgesPerEntry: input.judgesPerEntry,
		disagreementThreshold: input.disagreementThreshold,
		settleRule: input.settleRule,
		advanceRule: input.advanceRule,
		advanceValue: input.advanceRule === null ? null : input.advanceValue,
		closesAt: input.closesAt
	};
}

async function replaceCriteria(tx: Db, roundId: number, criteria: CriterionInput[]) {
	await tx.delete(rubricCriteria).where(eq(rubricCriteria.roundId, roundId));
	if (criteria.length === 0) return;
	await tx.insert(rubricCriteria).values(
		criteria.map((c, i) => ({
			roundId,
			position: i + 1,
			name: c.name.trim(),
			maxPoints: c.maxPoints,
			levels: normalizeLevels(c.levels)
		}))
	);
}

/** Level descriptions only explain the rubric: they may change in place even once judges have scored. */
async function describeLevels(tx: Db, saved: RubricCriterion[], wanted: CriterionInput[]) {
	for (const [i, criterion] of saved.entries()) {
		const levels = normalizeLevels(wanted[i]?.levels);
		if (criterion.levels !== levels)
			await tx.update(rubricCriteria).set({ levels }).where(eq(rubricCriteria.id, criterion.id));
	}
}

export interface RoundWithRubric {
	round: EssayRound;
	criteria: RubricCriterion[];
}

export async function createRound(
	db: Db,
	contestId: number,
	input: EssayRoundInput
): Promise<Outcome<RoundWithRubric, RoundError> | RoundFailure> {
	const problem = checkRoundInput(input);
	if (problem) return problem;
	return db.transaction(async (tx) => {
		// the lock serializes two rounds added at once, which would otherwise take the same position
		const [contest] = await tx
			.select({ id: contests.id })
			.from(contests)
			.where(and(eq(contests.id, contestId), eq(contests.kind, 'essay')))
			.for('no key update');
		if (!contest) return fail('contest_not_found');
		const [{ next }] = await tx
			.select({ next: sql<number>`coalesce(max(${essayRounds.position}), 0)::int + 1` })
			.from(essayRounds)
			.where(eq(essayRounds.contestId, contestId));
		const [round] = await tx
			.insert(essayRounds)
			.values({ contestId, position: next, ...roundValues(input) })
			.returning();
		await replaceCriteria(tx, round.id, input.criteria);
		return { ok: true, value: { round, criteria: await criteriaOf(tx, round.id) } };
	});
}

const sameRubric = (saved: RubricCriterion[], wanted: CriterionInput[]) =>
	saved.length === wanted.length &&
	saved.every((c, i) => c.name === wanted[i].name.trim() && c.maxPoints === wanted[i].maxPoints);

/**
 * Judges' points are stored per criterion, and totals compared on the scale: once any score (even a draft) exists
 * in the round, its scale and rubric stay as they are. The rest may change, until the results are published.
 */
export async function updateRound(
	db: Db,
	roundId: number,
	input: EssayRoundInput
): Promise<Outcome<RoundWithRubric, RoundError> | RoundFailure> {
	const problem = checkRoundInput(input);
	if (problem) return problem;
	return db.transaction(async (tx) => {
		// once results are published a round's closing time, settle rule or judges may not change under them
		const [owner] = await tx
			.select({ publishedAt: essaySettings.resultsPublishedAt })
			.from(essayRounds)
			.innerJoin(essaySettings, eq(essaySettings.contestId, essayRounds.contestId))
			.where(eq(essayRounds.id, roundId))
			.for('share', { of: essaySettings });
		if (!owner) return fail('not_found');
		if (owner.publishedAt) return fail('results_published');
		const [round] = await tx.select().from(essayRounds).where(eq(essayRounds.id, roundId)).for('update');
		if (!round) return fail('not_found');
		const saved = await criteriaOf(tx, roundId);
		const rubricChanges = round.scale !== input.scale || !sameRubric(saved, input.criteria);
		if (rubricChanges && (await scoreCount(tx, roundId)) > 0) return fail('has_scores');
		const [updated] = await tx
			.update(essayRounds)
			.set(roundValues(input))
			.where(eq(essayRounds.id, roundId))
			.returning();
		if (rubricChanges) await replaceCriteria(tx, roundId, input.criteria);
		else await describeLevels(tx, saved, input.criteria);
		return { ok: true, value: { round: updated, criteria: await criteriaOf(tx, roundId) } };
	});
}

async function criteriaOf(db: Db, roundId: number): Promise<RubricCriterion[]> {
	return db
		.select()
		.from(rubricCriteria)
		.where(eq(rubricCriteria.roundId, roundId))
		.orderBy(asc(rubricCriteria.position));
}

async function scoreCount(db: Db, roundId: number): Promise<number> {
	const [{ n }] = await db
		.select({ n: count() })
		.from(scores)
		.innerJoin(assignments, eq(assignments.id, scores.assignmentId))
		.where(eq(assignments.roundId, roundId));
	return n;
}

export interface RoundSummary extends RoundWithRubric {
	scoreCount: number;
}

/** A contest's rounds in order, each with its rubric and how many scores it holds (rubric locked when > 0). */
export async function listRounds(db: Db, contestId: number): Promise<RoundSummary[]> {
	const list = await db
		.select()
		.from(essayRounds)
		.where(eq(essayRounds.contestId, contestId))
		.orderBy(asc(essayRounds.position));
	if (list.length === 0) return [];
	const ids = list.map((r) => r.id);
	const criteria = await db
		.select()
		.from(rubricCriteria)
		.where(inArray(rubricCriteria.roundId, ids))
		.orderBy(asc(rubricCriteria.roundId), asc(rubricCriteria.position));
	const counts = new Map(
		(
			await db
				.select({ roundId: assignments.roundId, n: count() })
				.from(scores)
				.innerJoin(assignments, eq(assignments.id, scores.assignmentId))
				.where(inArray(assignments.roundId, ids))
				.groupBy(assignments.roundId)
		).map((r) => [r.roundId, r.n])
	);
	return list.map((round) => ({
		round,
		criteria: criteria.filter((c) => c.roundId === round.id),
		scoreCount: counts.get(round.id) ?? 0
	}));
}

/** One round with its rubric, when it belongs to the given contest. */
export async function getRound(
	db: Db,
	contestId: number,
	roundId: number
): Promise<RoundSummary | undefined> {
	const [round] = await db
		.select()
		.from(essayRounds)
		.where(and(eq(essayRounds.id, roundId), eq(essayRounds.contestId, contestId)));
	if (!round) return undefined;
	return { round, criteria: await criteriaOf(db, roundId), scoreCount: await scoreCount(db, roundId) };
}

// ---------------------------------------------------------------------------------------------------------------
// Award tiers

export interface TierInput {
	name: string;
	count: number;
}

export type TierError =
	| 'not_found'
	| 'invalid_tier_name'
	| 'invalid_tier_count'
	| 'too_many_tiers'
	| 'tier_in_use'
	| 'results_published';

/**
 * The tiers replace the previous ones as a whole, in the order given. A tier already given to an entry cannot be
 * dropped or renamed: the award would point at nothing. The essay_settings row is locked FOR UPDATE, the lock
 * results.ts's saveEntryAwards and publishResults take, so awards saved at the same time see the tiers before or
 * after, never a half; refused once results are published.
 */
export async function setAwardTiers(
	db: Db,
	contestId: number,
	tiers: TierInput[]
): Promise<Outcome<TierInput[], TierError>> {
	if (tiers.length > ESSAY_LIMITS.tiers.max) return fail('too_many_tiers');
	const names = tiers.map((t) => t.name.normalize('NFC').trim());
	if (names.some((n) => n === '' || n.length > 50) || new Set(names).size !== names.length)
		return fail('invalid_tier_name');
	if (tiers.some((t) => !isCount(t.count, 0, ESSAY_LIMITS.tiers.count))) return fail('invalid_tier_count');
	return db.transaction(async (tx) => {
		const [settings] = await tx
			.select({ publishedAt: essaySettings.resultsPublishedAt })
			.from(essaySettings)
			.innerJoin(contests, eq(contests.id, essaySettings.contestId))
			.where(and(eq(essaySettings.contestId, contestId), eq(contests.kind, 'essay')))
			.for('update', { of: essaySettings });
		if (!settings) return fail('not_found');
		if (settings.publishedAt) return fail('results_published');
		const given = await tx
			.selectDistinct({ tier: entryAwards.tier })
			.from(entryAwards)
			.where(eq(entryAwards.contestId, contestId));
		if (given.some((g) => !names.includes(g.tier))) return fail('tier_in_use');
		await tx.delete(awardTiers).where(eq(awardTiers.contestId, contestId));
		const values = tiers.map((t, i) => ({ contestId, position: i + 1, name: names[i], count: t.count }));
		if (values.length > 0) await tx.insert(awardTiers).values(values);
		return { ok: true, value: values.map(({ name, count }) => ({ name, count })) };
	});
}

export async function listAwardTiers(db: Db, contestId: number): Promise<TierInput[]> {
	return db
		.select({ name: awardTiers.name, count: awardTiers.count })
		.from(awardTiers)
		.where(eq(awardTiers.contestId, contestId))
		.orderBy(asc(awardTiers.position));
}

// ---------------------------------------------------------------------------------------------------------------
// Judges: a judge of one contest is the grant { role: 'judge', contestId }

export interface JudgeRow {
	userId: number;
	fullName: string;
	phone: string;
	unitName: string;
	/** entries assigned to this judge in the contest's rounds */
	assignmentCount: number;
}

export async function listJudges(db: Db, contestId: number): Promise<JudgeRow[]> {
	return db
		.select({
			userId: users.id,
			fullName: users.fullName,
			phone: users.phone,
			unitName: units.name,
			assignmentCount: sql<number>`(select count(*) from ${assignments} a
				join ${essayRounds} r on r.id = a.round_id
				where a.judge_id = ${users.id} and r.contest_id = ${contestId})::int`
		})
		.from(roleGrants)
		.innerJoin(users, eq(users.id, roleGrants.userId))
		.innerJoin(units, eq(units.id, users.unitId))
		.where(and(eq(roleGrants.role, 'judge'), eq(roleGrants.contestId, contestId)))
		.orderBy(asc(users.fullName), asc(users.id));
}

export type JudgeError = 'not_found' | 'user_not_found' | 'user_disabled' | 'has_assignments';

/** Adding a judge twice changes nothing (the grant is unique per user, role and contest). */
export async function addJudge(
	db: Db,
	contestId: number,
	userId: number,
	grantedBy: number | null = null
): Promise<Outcome<null, JudgeError>> {
	const [contest] = await db
		.select({ id: contests.id })
		.from(contests)
		.where(and(eq(contests.id, contestId), eq(contests.kind, 'essay')));
	if (!contest) return fail('not_found');
	const [user] = await db.select({ disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId));
	if (!user) return fail('user_not_found');
	if (user.disabledAt) return fail('user_disabled');
	await db.insert(roleGrants).values({ userId, role: 'judge', contestId, grantedBy }).onConflictDoNothing();
	return { ok: true, value: null };
}

/** Removing someone who is not a judge changes nothing; a judge with assigned entries must be reassigned first. */
export async function removeJudge(
	db: Db,
	contestId: number,
	userId: number
): Promise<Outcome<null, JudgeError>> {
	const [{ n }] = await db
		.select({ n: count() })
		.from(assignments)
		.innerJoin(essayRounds, eq(essayRounds.id, assignments.roundId))
		.where(and(eq(assignments.judgeId, userId), eq(essayRounds.contestId, contestId)));
	if (n > 0) return fail('has_assignments');
	await db
		.delete(roleGrants)
		.where(
			and(eq(roleGrants.userId, userId), eq(roleGrants.role, 'judge'), eq(roleGrants.contestId, contestId))
		);
	return { ok: true, value: null };
}
