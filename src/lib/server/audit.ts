import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import { auditLog, users } from './db/schema';
import type { Handle } from './result';

/**
 * The contest's append-only trail (audit_log; the database refuses UPDATE, DELETE and TRUNCATE). Write it in the same
 * transaction as the change it records, so a change and its trace commit or roll back together.
 */
export type AuditEntry = {
	actorId: number | null;
	contestId: number | null;
	entity: string;
	entityId?: number | null;
	action: string;
	reason?: string;
	before?: unknown;
	after?: unknown;
	at?: Date;
};

export async function recordAudit(tx: Handle, entry: AuditEntry | AuditEntry[]): Promise<void> {
	const rows = (Array.isArray(entry) ? entry : [entry]).map((e) => ({
		actorId: e.actorId,
		contestId: e.contestId,
		entity: e.entity,
		entityId: e.entityId ?? null,
		action: e.action,
		reason: e.reason ?? '',
		before: e.before ?? null,
		after: e.after ?? null,
		...(e.at ? { at: e.at } : {})
	}));
	if (rows.length > 0) await tx.insert(auditLog).values(rows);
}

export type AuditView = {
	id: number;
	at: Date;
	actorName: string | null;
	entity: string;
	entityId: number | null;
	action: string;
	reason: string;
	before: unknown;
	after: unknown;
};

const VIEW = {
	id: auditLog.id,
	at: auditLog.at,
	actorName: users.fullName,
	entity: auditLog.entity,
	entityId: auditLog.entityId,
	action: auditLog.action,
	reason: auditLog.reason,
	before: auditLog.before,
	after: auditLog.after
};

/** A contest's trail, newest first, keyset-paged by id (`before` = the last id of the previous page). */
export async function auditOfContest(
	db: Handle,
	contestId: number,
	options: { entity?: string; entityId?: number; before?: number; limit?: number } = {}
): Promise<AuditView[]> {
	const where: SQL[] = [eq(auditLog.contestId, contestId)];
	if (options.entity) where.push(eq(auditLog.entity, options.entity));
	if (options.entityId !== undefined) where.push(eq(auditLog.entityId, options.entityId));
	if (options.before !== undefined) where.push(lt(auditLog.id, options.before));
	return db
		.select(VIEW)
		.from(auditLog)
		.leftJoin(users, eq(users.id, auditLog.actorId))
		.where(and(...where))
		.orderBy(desc(auditLog.id))
		.limit(options.limit ?? 100);
}

/** Rows about any of the given (entity, id) pairs of one contest, newest first. */
export async function auditOfEntities(
	db: Handle,
	contestId: number,
	subjects: { entity: string; entityId: number }[]
): Promise<AuditView[]> {
	if (subjects.length === 0) return [];
	return db
		.select(VIEW)
		.from(auditLog)
		.leftJoin(users, eq(users.id, auditLog.actorId))
		.where(
			and(
				eq(auditLog.contestId, contestId),
				or(...subjects.map((s) => and(eq(auditLog.entity, s.entity), eq(auditLog.entityId, s.entityId))))
			)
		)
		.orderBy(desc(auditLog.id))
		.limit(500);
}
