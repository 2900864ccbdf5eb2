import type { SessionUser, ValidSession } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			session: ValidSession | null;
			/** this request's id in the logs, sent back as X-Request-Id (hooks: request log) */
			requestId?: string;
		}
		interface Error {
			message: string;
		}
		namespace Superforms {
			/** What `message(form, …)` carries: a notice shown above the form. */
			type Message = { type: 'ok' | 'error'; text: string; warnings?: string[] };
		}
	}
}

export {};
