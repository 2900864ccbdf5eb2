import type { LayoutServerLoad } from './$types';

// Public layout: exposes only what the header needs about the signed-in person.
export const load: LayoutServerLoad = ({ locals }) => ({
	user: locals.user
		? {
				fullName: locals.user.fullName,
				roles: locals.user.roles,
				judges: locals.user.judges,
				/** 'all': a global organizer or administrator; 'some': organizer of some contests or units */
				organizes: locals.user.organizer
					? locals.user.organizer.kind === 'global'
						? ('all' as const)
						: ('some' as const)
					: null,
				/** leads at least one unit: the navigation shows /lead */
				leads: locals.user.leads.length > 0,
				mustChangePassword: locals.user.mustChangePassword
			}
		: null
});
