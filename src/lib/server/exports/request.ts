/**
 * Every organizer export named by one plain value (what, contest, round, format): the button's form, the job's
 * params and the direct download URL all say which file they mean the same way, and `buildExport` turns it into a
 * table (or not_found when the contest, its kind or the round does not fit). Access is the caller's: the route
 * checks the contest's organizer first.
 */
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import type { Db } from '../db/client';
import { contests, rounds } from '../db/schema';
import { countedRounds, defaultRound } from '../insights/scope';
import { fail, ok, type Result } from '../result';
import { awardsExport, essayRankingExport, essayScoresExport, exportRound } from './essays';
import { participationExport } from './participation';
import { roundAnswersExport, roundResultsExport } from './quiz';
import { exportFormat, type TableExport } from './table-stream';

const id = z.coerce.number().int().positive().max(2_147_483_647);

/** The export's fields as a form or a URL gives them (strings); anything else is not an export. */
export const exportRequest = z.discriminatedUnion('what', [
	z.object({ what: z.enum(['results', 'answers']), contestId: id, roundId: id, format: exportFormat }),
	z.object({
		what: z.literal('participation'),
		contestId: id,
		// a counted round, `all` for the whole contest; absent: the dashboard's default round
		round: z.union([z.literal('all'), id]).optional(),
		format: exportFormat
	}),
	z.object({
		what: z.enum(['scores', 'ranking']),
		contestId: id,
		// absent: the final round (the last one holding entries)
		roundId: id.optional(),
		judges: z.enum(['codes', 'names']).default('codes'),
		format: exportFormat
	}),
	z.object({ what: z.literal('awards'), contestId: id, format: exportFormat })
]);
export type ExportRequest = z.infer<typeof exportRequest>;

export interface BuiltExport {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each export has its own row type
	table: TableExport<any>;
	/** without the extension (downloadHeaders adds the format's) */
	fileName: string;
}

const extension = (format: ExportRequest['format']) => (format === 'xlsx' ? 'xlsx' : 'csv');

/** The name the file downloads as, extension included. */
export const fullName = (built: BuiltExport, request: ExportRequest) =>
	`${built.fileName}.${extension(request.format)}`;

/** One line that says which file a run makes, before it is made (the job page's heading). */
export async function describeExport(db: Db, request: ExportRequest): Promise<string | null> {
	const built = await buildExport(db, db, request, { tableless: true });
	return built.ok ? fullName(built, request) : null;
}

/**
 * The export's table, read from `read` (the replica for the direct download, the primary in a job); `db` checks
 * the contest and round. `tableless` only names the file.
 */
export async function buildExport(
	db: Db,
	read: Db,
	request: ExportRequest,
	options: { tableless?: boolean } = {}
): Promise<Result<BuiltExport, 'not_found'>> {
	const [contest] = await db
		.select({
			id: contests.id,
			kind: contests.kind,
			title: contests.title,
			eligibleUnitId: contests.eligibleUnitId
		})
		.from(contests)
		.where(eq(contests.id, request.contestId));
	const none = { sheetName: '', columns: [], batches: (async function* () {})() };
	switch (request.what) {
		case 'results':
		case 'answers': {
			if (contest?.kind !== 'quiz') return fail('not_found');
			const [round] = await db
				.select({ id: rounds.id, name: rounds.name })
				.from(rounds)
				.where(and(eq(rounds.id, request.roundId), eq(rounds.contestId, contest.id)));
			if (!round) return fail('not_found');
			const results = request.what === 'results';
			return ok({
				table: options.tableless
					? none
					: results
						? await roundResultsExport(read, round)
						: await roundAnswersExport(read, round),
				fileName: results
					? m.export_file_results({ round: round.name })
					: m.export_file_answers({ round: round.name })
			});
		}
		case 'participation': {
			if (contest?.kind !== 'quiz') return fail('not_found');
			const counted = await countedRounds(db, contest.id);
			let roundId: number | null;
			if (request.round === 'all') roundId = null;
			else if (request.round === undefined) roundId = defaultRound(counted);
			else if (counted.some((r) => r.id === request.round)) roundId = request.round;
			else return fail('not_found');
			const scope = counted.find((r) => r.id === roundId)?.name ?? m.export_scope_all_rounds();
			return ok({
				table: options.tableless
					? none
					: await participationExport(read, { contestId: contest.id, roundId }, contest.eligibleUnitId),
				fileName: m.export_file_participation({ contest: contest.title, scope })
			});
		}
		case 'scores':
		case 'ranking': {
			if (contest?.kind !== 'essay') return fail('not_found');
			const round = await exportRound(db, contest.id, request.roundId ?? null);
			if (!round) return fail('not_found');
			const scores = request.what === 'scores';
			return ok({
				table: options.tableless
					? none
					: scores
						? await essayScoresExport(read, round, request.judges)
						: await essayRankingExport(read, round),
				fileName: scores
					? m.export_file_essay_scores({ round: round.name })
					: m.export_file_essay_ranking({ round: round.name })
			});
		}
		case 'awards': {
			if (contest?.kind !== 'essay') return fail('not_found');
			return ok({
				table: options.tableless ? none : await awardsExport(read, contest),
				fileName: m.export_file_awards({ contest: contest.title })
			});
		}
	}
}
