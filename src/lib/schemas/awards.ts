import { z } from 'zod';

// The awards page's four forms (organize/essays/[id]/awards). Entries and tiers come as two lists of the same length,
// one pair per row of the table (a hidden entry id beside each row's select): superforms reads repeated names as arrays.

const entryIds = z.array(z.number().int().positive()).max(5000).default([]);
const tierNames = z.array(z.string().trim().max(100)).max(5000).default([]);
const samePairs = (v: { entry: number[]; tier: string[] }) => v.entry.length === v.tier.length;

export const entryAwardsSchema = z.object({ entry: entryIds, tier: tierNames }).refine(samePairs);

export const unitAwardsSchema = z.object({
	unit: z.array(z.number().int().positive()).max(5000).default([]),
	title: z.string().trim().max(200).default('')
});

export const publishSchema = z.object({});

/** The reason's rule is the domain's (publication.ts, reason_required): checked there, shown next to the field. */
export const correctionSchema = z
	.object({ entry: entryIds, tier: tierNames, reason: z.string().max(2000).default('') })
	.refine(samePairs);
