// What the import endpoints answer, shared by the endpoints and the page (types only).
import type { Credential } from '$lib/server/import/apply';
import type { Counts, HeadcountWarning, ImportKind } from '$lib/server/import/types';

export type { Counts, Credential, HeadcountWarning, ImportKind };

/** A problem as the organizer reads it: Excel's row number, the column's header, a sentence. */
export interface ProblemView {
	row: number;
	column: string;
	message: string;
}

/** POST /organize/import/preview → 200 */
export interface PreviewResponse {
	batchId: string;
	kind: ImportKind;
	fileName: string;
	counts: Counts;
	/** false when any row has a problem: fix the file and upload again */
	canApply: boolean;
	problems: ProblemView[];
	/** units the file would fill beyond their declared headcount: a warning, the file may still be applied */
	headcountWarnings: HeadcountWarning[];
}

/** Every error answer (4xx) of the import endpoints, as SvelteKit's own errors. */
export interface ErrorResponse {
	message: string;
}

/** POST /organize/import/[batch]/apply streams NDJSON: progress lines, then one final line. */
export type ApplyLine =
	| { phase: 'hashing' | 'writing'; done: number; total: number }
	| { done: true; ok: true; message: string; counts: Counts; credentials: Credential[] }
	| { done: true; ok: false; message: string; problems: ProblemView[] };
