// The defaults `npm start` (scripts/start.js) gives the production build; every one can be overridden by the
// environment (README "Configuration").

/**
 * Idle kept-alive connections are closed by the app only after the proxy in front has given them up: nginx keeps an
 * idle upstream connection for 60 s (`keepalive_timeout`), Node closes its own after 5 s by default, and a request
 * nginx sends on a connection the app is closing at that moment is lost (a 502 for a POST, which nginx does not
 * retry). The headers timeout must exceed the keep-alive one (Node's rule).
 */
export const KEEP_ALIVE_SECONDS = 65;

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
	env.KEEP_ALIVE_TIMEOUT ??= String(KEEP_ALIVE_SECONDS); // adapter-node's variables, in seconds
	env.HEADERS_TIMEOUT ??= String(Number(env.KEEP_ALIVE_TIMEOUT) + 1);
	return env;
}
