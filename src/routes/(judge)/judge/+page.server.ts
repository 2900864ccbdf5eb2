import { error } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { isAnyJudge, isJudgeOf } from '$lib/server/essays/judge-access';
import { byWhatIsLeft } from '$lib/server/essays/judge-navigation';
import { judgeQueue } from '$lib/server/essays/judge-side';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	if (!(await isAnyJudge(db(), user.id))) error(403, m.error_forbidden());
	const queue = await judgeQueue(db(), user.id);
	// Assignments outlive a revoked grant; only contests the person still judges are listed.
	const judged = new Map<number, boolean>();
	for (const contestId of new Set(queue.map((r) => r.contestId))) {
		judged.set(contestId, await isJudgeOf(db(), user.id, contestId));
	}
	return {
		rounds: queue
			.filter((r) => judged.get(r.contestId))
			.map((r) => ({
				...r,
				// a performance is scored as the show goes: in its order of appearance, not what is left first
				items: r.entryKind === 'performance' ? r.items : byWhatIsLeft(r.items),
				drafts: r.items.filter((i) => i.status === 'draft').length
			}))
	};
};
