import { requireLeader } from '$lib/server/auth/guards';
import { readDb } from '$lib/server/db';
import { leaderContests } from '$lib/server/leaders/contests';
import { unitNames } from '$lib/server/leaders/units';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireLeader(event);
	const read = readDb();
	const contests = await leaderContests(read, user.leads);
	const names = await unitNames(read, [
		...user.leads.map((l) => l.unitId),
		...contests.flatMap((c) => c.roots.map((r) => r.unitId))
	]);
	return {
		units: user.leads.map((l) => ({ id: l.unitId, name: names.get(l.unitId) ?? '' })),
		contests: contests.map((c) => ({
			id: c.id,
			title: c.title,
			kind: c.kind,
			roots: c.roots.map((r) => ({ id: r.unitId, name: names.get(r.unitId) ?? '' }))
		}))
	};
};
