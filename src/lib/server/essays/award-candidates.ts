/**
 * Who may receive an award besides the final round's ranking: when the contest allows awards from any round
 * (essay_settings.awards_any_round), the entries that stopped at an earlier round, each with its deciding score in
 * the round it stopped at (deciding.ts). Organizer-only: it names authors.
 */
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { entries, essayRounds, roundEntries, units, users } from '../db/schema';
import { decideRound } from './deciding';

/** Author and unit names of a round's entries, by entry id. */
export async function authorsOf(db: Db, roundId: number) {
	const people = await db
		.select({ entryId: entries.id, authorName: users.fullName, unitName: units.name })
		.from(roundEntries)
		.innerJoin(entries, eq(entries.id, roundEntries.entryId))
		.innerJoin(users, eq(users.id, entries.authorId))
		.innerJoin(units, eq(units.id, entries.authorUnitId))
		.where(eq(roundEntries.roundId, roundId));
	return new Map(people.map((p) => [p.entryId, p]));
}

/** An entry that stopped at an earlier round, with its deciding score there: awardable when the contest allows. */
export type EarlierRow = {
	entryId: number;
	code: string;
	title: string;
	authorName: string;
	unitName: string;
	roundName: string;
	/** null: not fully scored in that round */
	deciding: number | null;
	saved: string | null;
};

/**
 * Entries of the contest whose last round comes before the final one, by round (latest first) then deciding score.
 * Each round's deciding scores come from deciding.ts, as for the final round.
 */
export async function earlierEntries(
	db: Db,
	contestId: number,
	finalRoundId: number
): Promise<Omit<EarlierRow, 'saved'>[]> {
	const rounds = await db
		.select({ id: essayRounds.id, name: essayRounds.name })
		.from(essayRounds)
		.where(eq(essayRounds.contestId, contestId))
		.orderBy(desc(essayRounds.position));
	const seen = new Set<number>();
	const out: Omit<EarlierRow, 'saved'>[] = [];
	for (const round of rounds) {
		const decision = await decideRound(db, round.id);
		if (!decision) continue;
		if (round.id === finalRoundId) {
			for (const e of decision.entries) seen.add(e.entryId);
			continue;
		}
		const stopped = decision.entries.filter((e) => !seen.has(e.entryId));
		if (stopped.length === 0) continue;
		const who = await authorsOf(db, round.id);
		stopped.sort(
			(a, b) =>
				(b.complete ? b.deciding! : -1) - (a.complete ? a.deciding! : -1) || a.code.localeCompare(b.code)
		);
		for (const e of stopped) {
			seen.add(e.entryId);
			out.push({
				entryId: e.entryId,
				code: e.code,
				title: e.title,
				authorName: who.get(e.entryId)?.authorName ?? '',
				unitName: who.get(e.entryId)?.unitName ?? '',
				roundName: round.name,
				deciding: e.complete ? e.deciding : null
			});
		}
	}
	return out;
}
