/** The constraint a unique violation (SQLSTATE 23505) hit, from postgres.js or PGlite, through drizzle's wrapper. */
export function uniqueViolation(err: unknown): string | null {
	let current: unknown = err;
	for (let depth = 0; current && depth < 4; depth++) {
		const e = current as { code?: string; constraint_name?: string; constraint?: string; cause?: unknown };
		if (e.code === '23505') return e.constraint_name ?? e.constraint ?? 'unknown';
		current = e.cause;
	}
	return null;
}
