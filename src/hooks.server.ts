import { AsyncLocalStorage } from 'node:async_hooks';
import { dev } from '$app/environment';
import { error, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { m } from '$lib/paraglide/messages';
import {
	extractLocaleFromRequest,
	overwriteServerAsyncLocalStorage,
	type Locale
} from '$lib/paraglide/runtime';
import {
	deleteExpiredSessions,
	cacheSessionsThrough,
	deleteSessionCookie,
	SESSION_COOKIE,
	setSessionCookie,
	validateSessionCached,
	validateSessionToken
} from '$lib/server/auth/session';
import { deleteExpiredRateCounters } from '$lib/server/auth/rate-limit';
import { deleteStaleThrottles } from '$lib/server/auth/throttle';
import { readConfig } from '$lib/server/config';
import { closeDatabase, connectDatabase, connected, db } from '$lib/server/db';
import { bodyLimit, boundaryRefusal, guardBody } from '$lib/server/http/boundary';
import { healthHandle } from '$lib/server/http/health';
import { describeError } from '$lib/server/http/log';
import { logger, logUnexpectedError, requestLogHandle } from '$lib/server/http/request-log';
import { noteUnavailable, unavailable } from '$lib/server/http/unavailable';
import { isEmpty } from '$lib/server/db/client';
import { liveHub, startLive, stopLive } from '$lib/server/live/hub';
import { drainHandle, installShutdown, isDraining } from '$lib/server/ops/shutdown';
import { startJobs } from '$lib/server/jobs';
import { finishAbandonedAttempts } from '$lib/server/quiz/attempts';
import { finalizeDueRounds } from '$lib/server/quiz/results';
import { demoLoginsText, seedDemo } from '$lib/server/seed/demo';

const config = readConfig();

/** Connects, migrates, and seeds the demo on an empty embedded database, before the first request is served. */
export const init: ServerInit = async () => {
	let handle;
	try {
		handle = await connectDatabase(config);
	} catch (err) {
		const target = config.databaseUrl ? 'DATABASE_URL' : config.pgliteDir;
		logger.fatal(`Cannot open the database (${target}): ${(err as Error).message}`);
		process.exit(1);
	}
	try {
		await handle.migrate(config.migrationsDir);
	} catch (err) {
		logger.fatal(`Cannot apply the migrations in ${config.migrationsDir}: ${(err as Error).message}`);
		process.exit(1);
	}
	if (handle.kind === 'pglite' && config.seedDemo === 'auto' && (await isEmpty(handle.db))) {
		await seedDemo(handle.db);
		// printed, not logged: the demo's own passwords, for the person who just started it
		console.log(`Demo organization seeded. Demo logins (phone / password):\n${demoLoginsText()}`);
	}
	// Live dashboards: this process LISTENs for finishes announced by any process (see docs/DASHBOARD.md), and for
	// sessions that end, which lets answer saves keep validated sessions for a few seconds.
	try {
		const hub = config.databaseUrl
			? await startLive({ url: config.databaseUrl })
			: handle.pglite && (await startLive({ pglite: handle.pglite }));
		if (hub) cacheSessionsThrough(hub);
	} catch (err) {
		logger.error(`Live dashboard updates are off: ${(err as Error).message}`);
	}
	await startJobs(handle, config, (message) => logger.error(message)); // background jobs (jobs/index.ts)
	// Expired sessions are refused when read; this only keeps the table small.
	const sessionSweep = setInterval(
		() =>
			void Promise.all([
				deleteExpiredSessions(db()),
				deleteStaleThrottles(db()),
				deleteExpiredRateCounters(db())
			]).catch(() => {}),
		60 * 60 * 1000
	);
	// Attempts nobody submitted are finished from their saved answers soon after deadline + grace, and closed
	// rounds get their true prediction number, even if nobody comes back. Safe in several processes at once.
	let sweeping = false;
	const quizSweep = setInterval(() => {
		if (sweeping) return; // a slow sweep is not overtaken by the next one
		sweeping = true;
		void finishAbandonedAttempts(db())
			.then(() => finalizeDueRounds(db()))
			.catch((err) => logger.error(`quiz sweep failed: ${describeError(err)}`))
			.finally(() => (sweeping = false));
	}, config.quizSweepSeconds * 1000);
	sessionSweep.unref();
	quizSweep.unref();
	// graceful shutdown (src/lib/server/ops/shutdown.ts); `vite dev` keeps its own Ctrl-C
	installShutdown({
		signals: !dev,
		onSignal: () => stopLive(), // ends SSE streams, which would hold the server open
		onClosed: async () => {
			clearInterval(sessionSweep);
			clearInterval(quizSweep);
			await stopLive();
			await closeDatabase();
		},
		log: (message) => logger.info(message)
	});
};

// The locale of each request, where paraglide's message functions look it up. Not paraglideMiddleware: with the
// cookie strategy it has no URL to rewrite, yet it clones every request (a tee of the body stream), which cost 7% of
// the server's CPU per answer save (docs/PERFORMANCE.md).
const localeStorage = new AsyncLocalStorage<{
	locale?: Locale;
	origin?: string;
	messageCalls?: Set<string>;
}>();
overwriteServerAsyncLocalStorage(localeStorage);

const i18n: Handle = ({ event, resolve }) => {
	const locale = extractLocaleFromRequest(event.request);
	return localeStorage.run({ locale, origin: event.url.origin }, () =>
		resolve(event, { transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale) })
	);
};

const SAVE_ROUTE = '/(participant)/quiz/[attemptId]/save';

/** Fills locals.user from the session cookie; authorizes nothing (each load/action calls its guard). */
const auth: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	const secure = event.url.protocol === 'https:';
	event.locals.user = null;
	event.locals.session = null;
	if (token) {
		// answer saves, the busiest request of a contest, may use a session validated a few seconds ago
		const validate = event.route.id === SAVE_ROUTE ? validateSessionCached : validateSessionToken;
		const validated = await validate(db(), token, config.sessionDays);
		if (validated.session) {
			const { session, user, extended } = validated;
			// a save renews the cookie only when it extended the session (the page that sent it set the cookie)
			if (event.route.id !== SAVE_ROUTE || extended)
				setSessionCookie(event.cookies, token, session.expiresAt, secure);
			event.locals.user = user;
			event.locals.session = session;
		} else {
			deleteSessionCookie(event.cookies, secure);
		}
	}
	return resolve(event);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('x-content-type-options', 'nosniff');
	response.headers.set('referrer-policy', 'same-origin');
	response.headers.set('x-frame-options', 'DENY');
	// what a signed-in person sees is theirs: no shared cache, no back-button copy after signing out
	if (event.locals.user && !response.headers.has('cache-control'))
		response.headers.set('cache-control', 'private, no-store');
	return response;
};

/** Malformed ids, URLs and bodies are refused here, for every route (src/lib/server/http/boundary.ts). */
const boundary: Handle = ({ event, resolve }) => {
	const refusal = boundaryRefusal(event);
	if (refusal === 404) error(404, 'Not Found');
	if (refusal === 400) error(400, 'Bad Request');
	if (event.request.method !== 'GET' && event.request.method !== 'HEAD')
		guardBody(event.request, bodyLimit(event.route.id));
	return resolve(event);
};

/** /healthz and /readyz, before everything else: no session, no request log line (src/lib/server/http/health.ts) */
const health = healthHandle({
	db: () => (connected() ? db() : undefined),
	migrationsDir: config.migrationsDir,
	hub: liveHub,
	draining: isDraining
});

// `unavailable` inside the request log, so a 503 for an unreachable database is logged like any answer
export const handle = sequence(
	health,
	requestLogHandle(logger, config.trustedProxies),
	unavailable,
	drainHandle,
	securityHeaders,
	boundary,
	i18n,
	auth
);

/** An unexpected error: logged once with where it happened; the person sees a Vietnamese message, never internals. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	// the database unreachable: answered 503 + Retry-After by the `unavailable` handle, logged there
	if (noteUnavailable(event, error)) return { message: m.service_unavailable_retry({ seconds: 2 }) };
	// never the error object itself: a failed query's message carries its parameters (phones, hashes)
	if (status >= 500) logUnexpectedError(logger, event, error, status);
	return { message: m.error_500_text() };
};
