import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { m } from '$lib/paraglide/messages';
import type { Db } from '../db/client';
import { roundResults, rounds, units, users } from '../db/schema';
import { fail, issuerOf, type IssueSummary, type Outcome, type Subject, upsert, VI } from './issuing';

/** the largest "top N" an organizer may award in one quiz round */
export const MAX_QUIZ_AWARDS = 1000;

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
