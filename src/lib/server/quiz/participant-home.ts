import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client';
import { attempts } from '../db/schema';
import { contestsFor } from './participant';

const UPCOMING_SHOWN = 5;
const RECENT_SHOWN = 5;

/**
 * What a participant's home shows after sign-in: the rounds open now (with attempts left and an attempt in progress
 * to resume), the next rounds to open, and their latest finished attempts. Only rounds the person may see
 * (published contest, eligible unit), from the same list as the contests page.
 */
export async function participantHome(db: Db, user: { id: number; unitId: number }, now = new Date()) {
	const contests = await contestsFor(db, user.unitId, now);
	const rounds = contests.flatMap((contest) =>
		contest.rounds.map((round) => ({ ...round, contestId: contest.id, contestTitle: contest.title }))
	);
	const roundIds = rounds.map((r) => r.id);
	const mine =
		roundIds.length === 0
			? []
			: await db
					.select({
						id: attempts.id,
						roundId: attempts.roundId,
						status: attempts.status,
						finishedAt: attempts.finishedAt,
						correctCount: attempts.correctCount,
						questionCount: attempts.questionCount,
						durationMs: attempts.durationMs
					})
					.from(attempts)
					.where(and(eq(attempts.userId, user.id), inArray(attempts.roundId, roundIds)));

	const open = rounds
		.filter((r) => r.state === 'open')
		.sort((a, b) => a.closesAt.getTime() - b.closesAt.getTime())
		.map((r) => {
			const own = mine.filter((a) => a.roundId === r.id);
			return {
				id: r.id,
				name: r.name,
				contestTitle: r.contestTitle,
				practice: r.practice,
				closesAt: r.closesAt.toISOString(),
				questionCount: r.questionCount,
				timeLimitSeconds: r.timeLimitSeconds,
				attemptsAllowed: r.attemptsAllowed,
				attemptsUsed: own.length,
				inProgressAttemptId: own.find((a) => a.status === 'in_progress')?.id ?? null
			};
		});
	const upcoming = rounds
		.filter((r) => r.state === 'upcoming')
		.sort((a, b) => a.opensAt.getTime() - b.opensAt.getTime())
		.slice(0, UPCOMING_SHOWN)
		.map((r) => ({ id: r.id, name: r.name, contestTitle: r.contestTitle, opensAt: r.opensAt.toISOString() }));
	const byId = new Map(rounds.map((r) => [r.id, r]));
	const recent = mine
		.filter((a) => a.status !== 'in_progress' && a.finishedAt !== null)
		.sort((a, b) => (b.finishedAt?.getTime() ?? 0) - (a.finishedAt?.getTime() ?? 0))
		.slice(0, RECENT_SHOWN)
		.map((a) => ({
			attemptId: a.id,
			roundName: byId.get(a.roundId)?.name ?? '',
			contestTitle: byId.get(a.roundId)?.contestTitle ?? '',
			finishedAt: a.finishedAt?.toISOString() ?? '',
			correctCount: a.correctCount ?? 0,
			questionCount: a.questionCount,
			durationMs: a.durationMs
		}));
	return { open, upcoming, recent, contestCount: contests.length };
}
