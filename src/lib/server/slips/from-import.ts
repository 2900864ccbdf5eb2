/**
 * Slips straight after an import: the page that applied a people import holds the new people's initial passwords
 * (shown once, never stored in clear), and sends them back to have them printed. Names and units come from the
 * database, never from the request; only people that this batch created, who still have not signed in, whom the
 * organizer may reach get a slip, and a "password" that is not one the platform makes is refused. A forged request
 * can at worst print a wrong password for one of the batch's own people: one that does not work.
 */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { recordAudit } from '../audit';
import { INITIAL_PASSWORD_ALPHABET } from '../auth/password';
import { mayReachUnit, type OrganizerScope } from '../auth/scope';
import type { Db } from '../db/client';
import { importBatches, units, users } from '../db/schema';
import type { PersonRow, StoredRow } from '../import/types';
import { fail, ok, type Result } from '../result';
import { MAX_SLIPS, type Slip } from './reissue';

const INITIAL = new RegExp(`^[${INITIAL_PASSWORD_ALPHABET}]{12}$`);

export type ImportSlipsError = 'not_found' | 'nobody' | 'too_many' | 'invalid';

export async function slipsForImport(
	db: Db,
	input: {
		batchId: string;
		people: { phone: string; password: string }[];
		actor: { id: number; admin: boolean; scope: OrganizerScope };
	}
): Promise<Result<{ slips: Slip[] }, ImportSlipsError>> {
	if (input.people.length > MAX_SLIPS) return fail('too_many');
	// as printed ("abcd efgh jkmn") or as generated
	const people = input.people.map((p) => ({ phone: p.phone, password: p.password.replace(/[\s-]/g, '') }));
	if (people.some((p) => !INITIAL.test(p.password))) return fail('invalid');
	const [batch] = await db.select().from(importBatches).where(eq(importBatches.id, input.batchId));
	if (!batch || batch.kind !== 'people' || batch.status !== 'applied') return fail('not_found');
	if (batch.createdBy !== input.actor.id && !input.actor.admin) return fail('not_found');

	const created = new Set(
		(batch.rows as StoredRow<PersonRow>[]).filter((r) => r.action === 'new').map((r) => r.phone)
	);
	const passwordOf = new Map(people.filter((p) => created.has(p.phone)).map((p) => [p.phone, p.password]));
	if (passwordOf.size === 0) return fail('nobody');
	const found = await db
		.select({ phone: users.phone, fullName: users.fullName, unitName: units.name, unitPath: units.path })
		.from(users)
		.innerJoin(units, eq(units.id, users.unitId))
		.where(
			and(
				inArray(users.phone, [...passwordOf.keys()]),
				eq(users.mustChangePassword, true),
				isNull(users.disabledAt)
			)
		)
		.orderBy(asc(units.path), asc(users.fullName), asc(users.id));
	const slips = found
		.filter((p) => mayReachUnit(input.actor.scope, p.unitPath))
		.map((p) => ({
			fullName: p.fullName,
			unitName: p.unitName,
			phone: p.phone,
			password: passwordOf.get(p.phone) ?? ''
		}));
	if (slips.length === 0) return fail('nobody');
	await recordAudit(db, {
		actorId: input.actor.id,
		contestId: null,
		entity: 'import_batch',
		entityId: null,
		action: 'import_slips_printed',
		after: { batch: batch.id, people: slips.length }
	});
	return ok({ slips });
}
