import { m } from '$lib/paraglide/messages';

/** "Giải Nhất" from the tier "Nhất"; a tier already named "Giải …" is kept as it is. */
export function awardLabel(tier: string, options?: { locale: 'vi' | 'en' }): string {
	const name = tier.trim();
	return /^giải\s/i.test(name) ? name : m.anthology_pdf_award({ tier: name }, options);
}
