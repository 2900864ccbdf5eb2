import { m } from '$lib/paraglide/messages';
import type { UnitError } from '$lib/server/units';

export function unitErrorMessage(error: UnitError): string {
	switch (error) {
		case 'not_found':
			return m.unit_not_found();
		case 'parent_not_found':
			return m.unit_parent_not_found();
		case 'parent_inactive':
			return m.unit_parent_inactive();
		case 'code_taken':
			return m.unit_code_taken();
		case 'cycle':
			return m.unit_move_cycle();
	}
}
