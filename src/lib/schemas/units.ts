import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { headcount, unitCode, unitName } from './fields';

export const unitSchema = z.object({
	code: unitCode(),
	name: unitName(),
	headcount: headcount(),
	/** 0: top level */
	parentId: z.number().int().min(0).default(0)
});

/** A move names its new parent, or asks for the top level explicitly: a post without either moves nothing. */
export const moveUnitSchema = z
	.object({
		toTop: z.boolean().default(false),
		parentId: z.number().int().min(0).max(2_147_483_647).default(0)
	})
	.refine((d) => d.toTop || d.parentId > 0, { path: ['parentId'], error: () => m.v_required() });

/** The edit form: the parent is not among its fields (moving is its own form). */
export const unitEditSchema = unitSchema.omit({ parentId: true });
