import type { Db } from './db/client';

/**
 * The one shape of a domain function's outcome. Success carries its fields beside `ok`; failure carries a stable
 * error code (a route maps it to a message in one place per area) and, for form errors, per-field codes.
 */
export type Result<T extends object = object, E extends string = string> =
	({ ok: true } & T) | { ok: false; error: E; fields?: Record<string, string> };

export const ok = <T extends object>(value: T = {} as T): { ok: true } & T => ({ ok: true, ...value });
export const fail = <E extends string>(error: E, fields?: Record<string, string>) =>
	({ ok: false, error, ...(fields ? { fields } : {}) }) as const;

/** A transaction handed to a `db.transaction` callback. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** A database or a transaction: domain functions take either. */
export type Handle = Db | Tx;
