import type { SuperValidated } from 'sveltekit-superforms';
import type { z } from 'zod';
import type {
	correctionSchema,
	entryAwardsSchema,
	publishSchema,
	unitAwardsSchema
} from '$lib/schemas/awards';

// What the awards page (organize/essays/[id]/awards) hands its parts.

export interface Tier {
	name: string;
	count: number;
}

export interface RankedRow {
	entryId: number;
	rank: number;
	tied: boolean;
	boundaryTie: boolean;
	code: string;
	title: string;
	authorName: string;
	unitName: string;
	settled: number | null;
	normalizedMean: number | null;
	saved: string | null;
	chosen: string | null;
}

export interface EarlierRow {
	entryId: number;
	code: string;
	title: string;
	authorName: string;
	roundName: string;
	deciding: number | null;
	saved: string | null;
}

type Form<S extends z.ZodType<Record<string, unknown>>> = SuperValidated<z.infer<S>, App.Superforms.Message>;
export type EntryAwardsForm = Form<typeof entryAwardsSchema>;
export type UnitAwardsForm = Form<typeof unitAwardsSchema>;
export type PublishForm = Form<typeof publishSchema>;
export type CorrectionForm = Form<typeof correctionSchema>;
