/**
 * Vietnamese mobile numbers in any common spelling (0912345678, +84 912 345 678, 84-912-345-678,
 * (+84) 912.345.678) normalize to the 10-digit national form 0912345678; anything else is null.
 */
export function normalizePhone(input: string): string | null {
	const compact = input.normalize('NFKC').replace(/[\s.\-()]/g, '');
	let digits: string;
	// "+84 0912 …" (the national 0 kept after the country code) is common on forms and contact cards
	if (/^\+840?\d+$/.test(compact)) digits = '0' + compact.slice(3).replace(/^0/, '');
	else if (/^00840?\d+$/.test(compact)) digits = '0' + compact.slice(4).replace(/^0/, '');
	else if (/^84\d{9}$/.test(compact)) digits = '0' + compact.slice(2);
	else if (/^\d+$/.test(compact)) digits = compact.startsWith('0') ? compact : '0' + compact;
	else return null;
	return /^0[35789]\d{8}$/.test(digits) ? digits : null;
}

/** 0912345678 → 0912 345 678 */
export function formatPhone(phone: string): string {
	return phone.replace(/^(\d{4})(\d{3})(\d{3})$/, '$1 $2 $3');
}
