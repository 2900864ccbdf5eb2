// The defaults `npm start` (scripts/start.js) gives the production build; every one can be overridden by the
// environment (README "Configuration").

/**
 * Connections the kernel holds for the app while its event loop is busy. adapter-node listens with Node's default
 * backlog of 511: a round opening (thousands of participants within seconds) overflows it, the kernel falls back to
 * SYN cookies and some connections end reset, never answered (the benchmark's 10,000-start saw 266). Linux caps it
 * at net.core.somaxconn (4096 by default since 5.4).
 */
export const LISTEN_BACKLOG = 4096;

/**
 * adapter-node has no backlog setting: its `listen({ host, port })` gets `backlog` added here when it has none.
 * @param {{ prototype: { listen: Function } }} Server net.Server (or a class with its `listen`)
 * @param {number} backlog
 */
export function listenWithBacklog(Server, backlog) {
	const listen = Server.prototype.listen;
	/** @param {unknown[]} args */
	Server.prototype.listen = function (...args) {
		const [options] = args;
		if (options && typeof options === 'object' && !('backlog' in options) && !('fd' in options))
			args[0] = { ...options, backlog };
		return listen.apply(this, args);
	};
}

/**
 * @param {Record<string, string | undefined>} env
 * @param {string} root the checkout's folder, ending with a slash
 */
export function applyStartDefaults(env, root) {
	env.PORT ??= '3000';
	env.HOST ??= '0.0.0.0';
	env.ORIGIN ??= `http://localhost:${env.PORT}`;
	env.BODY_SIZE_LIMIT ??= '55M'; // essay files may be up to 50 MB (essay_settings.max_file_bytes)
	env.MIGRATIONS_DIR ??= `${root}drizzle`;
	env.DATA_DIR ??= `${root}.data`;
	env.LISTEN_BACKLOG ??= String(LISTEN_BACKLOG);
	return env;
}
