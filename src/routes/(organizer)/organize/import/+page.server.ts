import { requireOrganizer } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { recentBatches } from '$lib/server/import/batches';
import { MAX_FILE_BYTES, MAX_ROWS } from '$lib/server/import/read-table';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireOrganizer(event);
	return {
		batches: await recentBatches(db(), user.id, 10),
		limits: { maxMb: MAX_FILE_BYTES / 1024 / 1024, maxRows: MAX_ROWS }
	};
};
