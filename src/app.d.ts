import type { SessionUser, ValidSession } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Locals {
			user: SessionUser | null;
			session: ValidSession | null;
		}
		interface Error {
			message: string;
		}
		namespace Superforms {
			/** What `message(form, …)` carries: a notice shown above the form. */
			type Message = { type: 'ok' | 'error'; text: string };
		}
	}
}

export {};
