import type { LayoutServerLoad } from './$types';

// Public layout: exposes only what the header needs about the signed-in person.
export const load: LayoutServerLoad = ({ locals }) => ({
	user: locals.user
		? {
				fullName: locals.user.fullName,
				roles: locals.user.roles,
				mustChangePassword: locals.user.mustChangePassword
			}
		: null
});
