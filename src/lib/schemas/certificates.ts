import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { cleanText } from '$lib/text';

const line = (max: number) =>
	z
		.string()
		.transform(cleanText)
		.pipe(z.string().max(max, { error: () => m.v_too_long({ max }) }));

/** The issuing body: one to three lines, each at most 80 characters. */
const issuerLines = () =>
	z
		.string()
		.transform((v) => v.split(/\r?\n/).map(cleanText).filter(Boolean).join('\n'))
		.refine((v) => v.split('\n').length <= 3, { error: () => m.cert_v_issuer_lines() })
		.refine((v) => v.split('\n').every((l) => l.length <= 80), {
			error: () => m.v_too_long({ max: 80 })
		});

/** A contest's certificate template, as the organizer types it (certificate_settings). */
export const certificateSettingsSchema = z.object({
	heading: z.enum(['party', 'national'], { error: () => m.cert_v_heading() }),
	awardTitle: z.enum(['certificate', 'commendation'], { error: () => m.cert_v_award_title() }),
	issuerLines: issuerLines(),
	decisionNumber: line(60).refine((v) => v === '' || /\d/.test(v), {
		error: () => m.cert_v_decision_number()
	}),
	place: line(60),
	signerCapacity: line(80),
	signerTitle: line(80),
	signerName: line(80)
});

export type CertificateSettingsInput = z.infer<typeof certificateSettingsSchema>;
