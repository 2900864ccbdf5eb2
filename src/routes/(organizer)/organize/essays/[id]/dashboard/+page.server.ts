import { z } from 'zod';
import { requireContestOrganizer } from '$lib/server/auth/guards';
import { readDb } from '$lib/server/db';
import { finalRound } from '$lib/server/essays/results';
import {
	entriesByUnit,
	essayRoundsOf,
	roundScoreStats,
	submissionsPerDay
} from '$lib/server/insights/essay-stats';
import { dashboardParent } from '$lib/server/insights/scope';
import { essayContest } from '../../forms.server';
import type { PageServerLoad } from './$types';

// Query parameters, so every view is a link (works without JavaScript); anything unreadable falls back to the default.
const query = z.object({
	round: z.coerce.number().int().positive().optional().catch(undefined),
	unit: z.coerce.number().int().positive().optional().catch(undefined)
});

export const load: PageServerLoad = async (event) => {
	await requireContestOrganizer(event, event.params.id);
	const contest = await essayContest(event.params.id);
	const params = query.parse({
		round: event.url.searchParams.get('round') ?? undefined,
		unit: event.url.searchParams.get('unit') ?? undefined
	});
	const read = readDb();
	const rounds = await essayRoundsOf(read, contest.id);
	// default: the last round that holds entries (the one being judged or decided), else the first
	const roundId = rounds.some((r) => r.id === params.round)
		? (params.round as number)
		: ((await finalRound(read, contest.id))?.id ?? rounds[0]?.id ?? null);
	const { parentId, trail } = await dashboardParent(read, contest.eligibleUnitId, params.unit ?? null);
	const [scores, units, perDay] = await Promise.all([
		roundId === null ? Promise.resolve(null) : roundScoreStats(read, roundId),
		entriesByUnit(read, contest.id, roundId, parentId),
		submissionsPerDay(read, contest.id)
	]);
	return {
		contest: { id: contest.id, title: contest.title, everyone: contest.eligibleUnitId === null },
		rounds,
		roundId,
		parentId,
		trail,
		scores,
		units,
		perDay
	};
};
