import { z } from 'zod';
import { m } from '$lib/paraglide/messages';
import { normalizePhone } from '$lib/phone';
import { cleanText } from '$lib/text';
import { parseVideoUrl, type VideoUrlError } from '$lib/video-links';

// The organizer's registration of a team's entry (server/essays/kinds/register.ts holds the same limits; the
// database checks them too). Which of the video link and the order of appearance is needed depends on the
// contest's kind, so the form carries `kind` and the check below asks only for that one.

export const videoUrlText: Record<VideoUrlError, () => string> = {
	video_url_invalid: () => m.kinds_v_video_url(),
	video_url_not_https: () => m.kinds_v_video_https(),
	video_url_too_long: () => m.v_too_long({ max: 500 })
};

const required = (max: number) =>
	z
		.string()
		.transform(cleanText)
		.pipe(
			z
				.string()
				.min(1, { error: () => m.v_required() })
				.max(max, { error: () => m.v_too_long({ max }) })
		);

export const registerEntrySchema = z
	.object({
		kind: z.enum(['video', 'performance']),
		teamName: required(200),
		title: required(300),
		contactPhone: z
			.string()
			.trim()
			.refine((value) => normalizePhone(value) !== null, { error: () => m.kinds_v_contact_phone() }),
		videoUrl: z.string().trim().default(''),
		appearanceNo: z
			.number({ error: () => m.kinds_v_appearance() })
			.int({ error: () => m.kinds_v_appearance() })
			.min(1, { error: () => m.kinds_v_appearance() })
			.max(999, { error: () => m.kinds_v_appearance() })
			.nullable()
			.default(null)
	})
	.superRefine((entry, ctx) => {
		if (entry.kind === 'video') {
			const parsed = parseVideoUrl(entry.videoUrl);
			if (!parsed.ok)
				ctx.addIssue({ code: 'custom', path: ['videoUrl'], message: videoUrlText[parsed.error]() });
		}
		if (entry.kind === 'performance' && entry.appearanceNo === null)
			ctx.addIssue({ code: 'custom', path: ['appearanceNo'], message: m.kinds_v_appearance() });
	});

export type RegisterEntryForm = z.infer<typeof registerEntrySchema>;
