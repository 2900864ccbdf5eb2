import { resolve } from '$app/paths';
import { m } from '$lib/paraglide/messages';

export interface NavUser {
	fullName: string;
	roles: string[];
	judges: boolean;
	mustChangePassword: boolean;
	/** what the person organizes, where the layout says so ('all', 'some' scoped, null none); else read from roles */
	organizes?: 'all' | 'some' | null;
	/** leads at least one unit (docs/LEADERS.md) */
	leads?: boolean;
}
export interface NavLink {
	href: string;
	label: string;
	/** also current on the pages under it */
	prefix: string;
}
export interface NavGroup {
	label: string;
	links: NavLink[];
}

const link = (href: string, label: string, prefix = href): NavLink => ({ href, label, prefix });

/**
 * Every place a person can go from the header, by role, in one list: the menu shows all groups; a wide screen also
 * shows the `primary` links in the bar (an organizer's work, a participant's contests).
 */
export function navFor(user: NavUser | null): { primary: NavLink[]; groups: NavGroup[] } {
	if (!user || user.mustChangePassword) return { primary: [], groups: [] };
	const organizer =
		user.organizes !== undefined
			? user.organizes !== null
			: user.roles.includes('organizer') || user.roles.includes('admin');
	// a scoped organizer has no question bank of their own
	const bank = organizer && (user.organizes === undefined || user.organizes === 'all');
	const takePart = [
		link(resolve('/contests'), m.nav_contests()),
		link(resolve('/essays'), m.nav_essays()),
		...(user.judges || user.roles.includes('judge') ? [link(resolve('/judge'), m.nav_judge())] : []),
		link(resolve('/certificates'), m.nav_certificates()),
		...(user.leads ? [link(resolve('/lead'), m.nav_lead())] : [])
	];
	const manage = organizer
		? [
				link(resolve('/organize/contests'), m.nav_manage_contests()),
				link(resolve('/organize/essays'), m.nav_manage_essays()),
				...(bank ? [link(resolve('/organize/bank'), m.nav_bank())] : []),
				link(resolve('/organize/people'), m.nav_people()),
				link(resolve('/organize/import'), m.nav_import()),
				link(resolve('/organize/slips'), m.slips_link()),
				link(resolve('/organize/leaders'), m.lead_grant_title())
			]
		: [];
	if (user.roles.includes('admin'))
		manage.push(
			link(resolve('/admin/units'), m.nav_units()),
			link(resolve('/admin/organizers'), m.nav_organizers())
		);
	const groups: NavGroup[] = [{ label: m.nav_group_take_part(), links: takePart }];
	if (manage.length > 0) groups.push({ label: m.nav_group_manage(), links: manage });
	groups.push({ label: m.nav_group_me(), links: [link(resolve('/account'), m.nav_account())] });
	// the bar's links: an organizer's first four places, after the contests (a participant's whole list)
	const primary = organizer ? [takePart[0], ...manage.slice(0, 4)] : takePart;
	return { primary, groups };
}

/** Whether a header link is the current page or one of its sub-pages. */
export function isCurrent(pathname: string, item: NavLink): boolean {
	return pathname === item.prefix || pathname.startsWith(`${item.prefix}/`);
}
