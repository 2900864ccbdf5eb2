/**
 * Issuing certificates once results are public: essay contests after `essay_settings.results_published_at`, quiz
 * rounds once `rounds.results_state = 'published'` (ranks are then stored in round_results). Nothing is issued
 * before publication. Issuing is idempotent: a certificate's subject (kind, contest, round, entry, person) is unique,
 * so there is one row, hence at most one valid certificate, per subject. Essay results are final once published
 * (essays/publication.ts): issuing again only adds missing subjects and never changes a code; only a correction
 * (`correction: true`, inside correctResults) brings rows to the corrected results, with a NEW code where the printed
 * text changed (the old code is kept in replaced_certificate_codes and verifies as "replaced by …") and revoking the
 * certificates of awards taken away. Quiz rounds keep the refreshing behaviour: changed text gets a new code, a
 * revoked row of a due subject is made valid again (docs/CERTIFICATES.md).
 * Certificates always speak Vietnamese, whatever the organizer's interface language.
 */
import { and, eq, isNotNull, isNull, notInArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { m } from '$lib/paraglide/messages';
import { recordAudit } from '../audit';
import type { Db } from '../db/client';
import {
	awardTiers,
	certificates,
	contests,
	entries,
	entryAwards,
	essaySettings,
	roundResults,
	rounds,
	unitAwards,
	units,
	users,
	type CertificateKind
} from '../db/schema';
import { newCertificateCode } from './codes';

import type { Handle } from '../result';

export type Outcome<T, E extends string> = { ok: true; value: T } | { ok: false; error: E };
const fail = <E extends string>(error: E) => ({ ok: false, error }) as const;

const VI = { locale: 'vi' } as const;
/** the largest "top N" an organizer may award in one quiz round */
export const MAX_QUIZ_AWARDS = 1000;
const BATCH = 1000;

type Subject = {
	kind: CertificateKind;
	roundId: number | null;
	entryId: number | null;
	/** a person's certificate names them; a collective prize's names the unit */
	userId: number | null;
	unitId?: number | null;
	fullName: string;
	unitName: string;
	awardText: string;
	detail: string;
	/** print order: the tier's position or the rank */
	awardRank?: number | null;
};

export type IssueSummary = { created: number; refreshed: number; revoked: number };

/** The name printed at the top: the unit the contest is held for, or the application's name. */
export async function issuerOf(db: Handle, contestId: number) {
	const [row] = await db
		.select({ kind: contests.kind, title: contests.title, unitName: units.name })
		.from(contests)
		.leftJoin(units, eq(units.id, contests.eligibleUnitId))
		.where(eq(contests.id, contestId));
	if (!row) return null;
	return { kind: row.kind, title: row.title, issuerName: row.unitName ?? m.app_name({}, VI) };
}

const printedChanged = sql`(${certificates.fullName}, ${certificates.unitName}, ${certificates.contestTitle},
	${certificates.awardText}, ${certificates.detail}, ${certificates.issuerName})
	is distinct from (excluded.full_name, excluded.unit_name, excluded.contest_title, excluded.award_text,
	excluded.detail, excluded.issuer_name)`;

/**
 * Inserts new subjects with fresh codes and brings existing ones to the current text (a new code when the printed
 * text changes; revoked rows made valid). Counted per row from RETURNING (`xmax = 0`: inserted by this statement),
 * so two issues at once each report what they did. Returns how many rows were created.
 */
async function upsert(
	tx: Handle,
	contest: { id: number; title: string; issuerName: string },
	subjects: Subject[],
	issuedBy: number | null,
	now: Date,
	keepExisting = false
): Promise<number> {
	let created = 0;
	for (let i = 0; i < subjects.length; i += BATCH) {
		const rows = subjects.slice(i, i + BATCH).map((s) => ({
			...s,
			unitId: s.unitId ?? null,
			awardRank: s.awardRank ?? null,
			code: newCertificateCode(),
			contestId: contest.id,
			contestTitle: contest.title,
			issuerName: contest.issuerName,
			issuedBy,
			issuedAt: now
		}));
		if (keepExisting) {
			const done = await tx
				.insert(certificates)
				.values(rows)
				.onConflictDoNothing()
				.returning({ id: certificates.id });
			created += done.length;
			continue;
		}
		const done = await tx
			.insert(certificates)
			.values(rows)
			.onConflictDoUpdate({
				target: [
					certificates.kind,
					certificates.contestId,
					certificates.roundId,
					certificates.entryId,
					certificates.userId,
					certificates.unitId
				],
				set: {
					code: sql`case when ${printedChanged} then excluded.code else ${certificates.code} end`,
					issuedAt: sql`case when ${printedChanged} then excluded.issued_at else ${certificates.issuedAt} end`,
					issuedBy: sql`case when ${printedChanged} then excluded.issued_by else ${certificates.issuedBy} end`,
					fullName: sql`excluded.full_name`,
					unitName: sql`excluded.unit_name`,
					contestTitle: sql`excluded.contest_title`,
					awardText: sql`excluded.award_text`,
					detail: sql`excluded.detail`,
					issuerName: sql`excluded.issuer_name`,
					awardRank: sql`excluded.award_rank`,
					revokedAt: sql`null`
				}
			})
			.returning({ inserted: sql<boolean>`(xmax = 0)` });
		created += done.filter((r) => r.inserted === true || String(r.inserted) === 'true').length;
	}
	return created;
}

const parentUnits = alias(units, 'parent_units');

/**
 * Collective prizes (unit_awards): one certificate per awarded unit, printed to the unit ("Tặng tập thể Chi bộ …"),
 * with its parent unit beneath.
 */
async function collectiveSubjects(tx: Handle, contestId: number): Promise<Subject[]> {
	const rows = await tx
		.select({
			unitId: unitAwards.unitId,
			title: unitAwards.title,
			name: units.name,
			parent: parentUnits.name
		})
		.from(unitAwards)
		.innerJoin(units, eq(units.id, unitAwards.unitId))
		.leftJoin(parentUnits, eq(parentUnits.id, units.parentId))
		.where(eq(unitAwards.contestId, contestId));
	return rows.map((r) => ({
		kind: 'unit_award',
		roundId: null,
		entryId: null,
		userId: null,
		unitId: r.unitId,
		fullName: r.name,
		unitName: r.parent ?? '',
		awardText: r.title,
		detail: ''
	}));
}

export type EssayIssueError = 'not_found' | 'not_published';

/**
 * One certificate per awarded entry ("Giải Nhất", the entry's title), and with `participation` one per author of a
 * submitted entry. Award certificates of entries no longer awarded (results unpublished and changed) are revoked.
 */
export async function issueEssayCertificates(
	db: Handle,
	contestId: number,
	options: { participation: boolean; issuedBy: number | null; now?: Date; correction?: boolean }
): Promise<Outcome<IssueSummary, EssayIssueError>> {
	return db.transaction(async (tx) => {
		const contest = await issuerOf(tx, contestId);
		if (!contest || contest.kind !== 'essay') return fail('not_found');
		const [settings] = await tx
			.select({ publishedAt: essaySettings.resultsPublishedAt })
			.from(essaySettings)
			.where(eq(essaySettings.contestId, contestId))
			.for('update');
		if (!settings?.publishedAt) return fail('not_published');
		const now = options.now ?? new Date();

		const awarded = await tx
			.select({
				entryId: entries.id,
				userId: entries.authorId,
				fullName: users.fullName,
				unitName: units.name,
				tier: entryAwards.tier,
				position: awardTiers.position,
				title: entries.title
			})
			.from(entryAwards)
			.innerJoin(entries, eq(entries.id, entryAwards.entryId))
			.leftJoin(
				awardTiers,
				and(eq(awardTiers.contestId, entryAwards.contestId), eq(awardTiers.name, entryAwards.tier))
			)
			.innerJoin(users, eq(users.id, entries.authorId))
			.innerJoin(units, eq(units.id, entries.authorUnitId))
			.where(eq(entryAwards.contestId, contestId));
		const subjects: Subject[] = awarded.map((a) => ({
			kind: 'essay_award',
			roundId: null,
			entryId: a.entryId,
			userId: a.userId,
			fullName: a.fullName,
			unitName: a.unitName,
			awardText: /^giải\s/i.test(a.tier) ? a.tier : m.cert_award_essay({ tier: a.tier }, VI),
			detail: a.title,
			awardRank: a.position
		}));
		subjects.push(...(await collectiveSubjects(tx, contestId)));
		if (options.participation) {
			const authors = await tx
				.selectDistinctOn([entries.authorId], {
					userId: entries.authorId,
					fullName: users.fullName,
					unitName: units.name
				})
				.from(entries)
				.innerJoin(users, eq(users.id, entries.authorId))
				.innerJoin(units, eq(units.id, entries.authorUnitId))
				.where(and(eq(entries.contestId, contestId), eq(entries.status, 'submitted')))
				.orderBy(entries.authorId, sql`${entries.submittedAt} desc`);
			for (const a of authors)
				subjects.push({
					kind: 'participation',
					roundId: null,
					entryId: null,
					userId: a.userId,
					fullName: a.fullName,
					unitName: a.unitName,
					awardText: m.cert_award_participation({}, VI),
					detail: ''
				});
		}
		// Published results are final: issuing again only adds what is missing; a correction re-issues what changed.
		const created = await upsert(
			tx,
			{ id: contestId, ...contest },
			subjects,
			options.issuedBy,
			now,
			!options.correction
		);
		if (!options.correction)
			return { ok: true, value: { created, refreshed: subjects.length - created, revoked: 0 } } as const;

		const stillUnits = subjects.filter((s) => s.kind === 'unit_award').map((s) => s.unitId as number);
		const revokedUnits = await tx
			.update(certificates)
			.set({ revokedAt: now })
			.where(
				and(
					eq(certificates.contestId, contestId),
					eq(certificates.kind, 'unit_award'),
					isNull(certificates.revokedAt),
					stillUnits.length > 0 ? notInArray(certificates.unitId, stillUnits) : undefined
				)
			)
			.returning({ id: certificates.id });
		const stillAwarded = awarded.map((a) => a.entryId);
		const revoked = await tx
			.update(certificates)
			.set({ revokedAt: now })
			.where(
				and(
					eq(certificates.contestId, contestId),
					eq(certificates.kind, 'essay_award'),
					isNull(certificates.revokedAt),
					stillAwarded.length > 0 ? notInArray(certificates.entryId, stillAwarded) : undefined
				)
			)
			.returning({ id: certificates.id });
		return {
			ok: true,
			value: {
				created,
				refreshed: subjects.length - created,
				revoked: revoked.length + revokedUnits.length
			}
		} as const;
	});
}

export type QuizIssueError = 'not_found' | 'not_published' | 'bad_top';

/**
 * For a quiz round with published results: award certificates for ranks 1..`top` (ties at the cut all get one:
 * "Giải cá nhân xuất sắc – hạng 3"), and with `participation` a participation certificate for everyone ranked.
 * Quiz contests have no award table, so the organizer types N each time; a smaller N later revokes nothing.
 */
export async function issueQuizRoundCertificates(
	db: Db,
	roundId: number,
	options: { top: number; participation: boolean; issuedBy: number | null }
): Promise<Outcome<IssueSummary, QuizIssueError>> {
	if (!Number.isInteger(options.top) || options.top < 0 || options.top > MAX_QUIZ_AWARDS)
		return fail('bad_top');
	return db.transaction(async (tx) => {
		const [round] = await tx
			.select({
				contestId: rounds.contestId,
				name: rounds.name,
				state: rounds.resultsState,
				practice: rounds.practice
			})
			.from(rounds)
			.where(eq(rounds.id, roundId))
			.for('update');
		if (!round) return fail('not_found');
		const contest = await issuerOf(tx, round.contestId);
		if (!contest || contest.kind !== 'quiz') return fail('not_found');
		if (round.state !== 'published' || round.practice) return fail('not_published');

		const ranked = await tx
			.select({
				userId: roundResults.userId,
				rank: roundResults.rank,
				fullName: users.fullName,
				unitName: units.name
			})
			.from(roundResults)
			.innerJoin(users, eq(users.id, roundResults.userId))
			.innerJoin(units, eq(units.id, roundResults.unitId))
			.where(
				and(
					eq(roundResults.roundId, roundId),
					isNotNull(roundResults.rank),
					options.participation ? undefined : sql`${roundResults.rank} <= ${options.top}`
				)
			)
			.orderBy(roundResults.rank, roundResults.userId);
		const subjects: Subject[] = [];
		for (const r of ranked) {
			const base = {
				roundId,
				entryId: null,
				userId: r.userId,
				fullName: r.fullName,
				unitName: r.unitName,
				detail: round.name
			};
			if (r.rank !== null && r.rank <= options.top)
				subjects.push({
					...base,
					kind: 'quiz_award',
					awardText: m.cert_award_quiz({ rank: r.rank }, VI),
					awardRank: r.rank
				});
			if (options.participation)
				subjects.push({ ...base, kind: 'participation', awardText: m.cert_award_participation({}, VI) });
		}
		const created = await upsert(
			tx,
			{ id: round.contestId, ...contest },
			subjects,
			options.issuedBy,
			new Date()
		);
		return { ok: true, value: { created, refreshed: subjects.length - created, revoked: 0 } } as const;
	});
}

/** Revoking keeps the row (the code then verifies as revoked); restoring undoes it. */
export async function setCertificateRevoked(
	db: Db,
	contestId: number,
	certificateId: number,
	revoked: boolean,
	now = new Date(),
	actorId: number | null = null
): Promise<boolean> {
	return db.transaction(async (tx) => {
		const rows = await tx
			.update(certificates)
			.set({ revokedAt: revoked ? now : null })
			.where(and(eq(certificates.id, certificateId), eq(certificates.contestId, contestId)))
			.returning({ id: certificates.id, code: certificates.code });
		if (rows.length !== 1) return false;
		// a certificate is an official document: taking it back or restoring it leaves a trace
		await recordAudit(tx, {
			actorId,
			contestId,
			entity: 'certificate',
			entityId: certificateId,
			action: revoked ? 'certificate.revoke' : 'certificate.restore',
			after: { code: rows[0].code, revokedAt: revoked ? now : null },
			at: now
		});
		return true;
	});
}
