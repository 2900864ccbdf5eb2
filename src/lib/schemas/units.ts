import { z } from 'zod';
import { headcount, unitCode, unitName } from './fields';

export const unitSchema = z.object({
	code: unitCode(),
	name: unitName(),
	headcount: headcount(),
	/** 0: top level */
	parentId: z.number().int().min(0).default(0)
});

export const moveUnitSchema = z.object({
	/** 0: top level */
	parentId: z.number().int().min(0)
});
