import type { LayoutServerLoad } from './$types';

// Public layout: exposes only what the header needs about the signed-in person.
export const load: LayoutServerLoad = ({ locals }) => ({
	user: locals.user
		? {
				fullName: locals.user.fullName,
				roles: locals.user.roles,
				judges: locals.user.judges,
				mustChangePassword: locals.user.mustChangePassword
			}
		: null
});
