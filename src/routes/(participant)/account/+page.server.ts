import { error } from '@sveltejs/kit';
import { getUser } from '$lib/server/accounts';
import { requireUser } from '$lib/server/auth/guards';
import { db } from '$lib/server/db';
import { unitOption } from '$lib/server/units';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = requireUser(event);
	const user = await getUser(db(), me.id);
	if (!user) error(404);
	const unit = await unitOption(db(), user.unitId);
	return {
		profile: {
			fullName: user.fullName,
			birthDate: user.birthDate,
			phone: user.phone,
			email: user.email,
			cccd: user.cccd,
			unit: unit?.trail.join(' › ') ?? '',
			createdAt: user.createdAt
		},
		roles: me.roles
	};
};
