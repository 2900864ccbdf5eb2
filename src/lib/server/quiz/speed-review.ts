import type { Db } from '../db/client';
export async function flaggedAttempts(_db: Db, _roundId: number): Promise<{ attemptId: number }[]> {
	return [];
}
export async function reviewFlaggedAttempt(
	_db: Db,
	_input: { attemptId: number; decision: 'keep' | 'disqualify'; actorId: number; reason: string }
): Promise<{ ok: boolean; error?: string }> {
	return { ok: false, error: 'not_flagged' };
}
