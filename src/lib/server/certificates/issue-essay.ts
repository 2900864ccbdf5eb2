import { and, eq, isNull, notInArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { m } from '$lib/paraglide/messages';
import type { Handle } from '../result';
import {
	awardTiers,
	certificates,
	entries,
	entryAwards,
	essaySettings,
	unitAwards,
	units,
	users
} from '../db/schema';
import { fail, issuerOf, type IssueSummary, type Outcome, type Subject, upsert, VI } from './issuing';

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
