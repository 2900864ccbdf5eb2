/**
 * Shared by the browser (the registration form) and the server (kinds/register.ts, the judge page).
 * Video links of a video contest: only https, at most 500 characters (the database checks both too). YouTube and
 * Vimeo links become their privacy-friendly embed addresses, the only hosts the CSP lets into a frame
 * (svelte.config.js frame-src); any other host is kept and shown as a plain link.
 */

export const VIDEO_URL_MAX = 500;

export type VideoUrlError = 'video_url_invalid' | 'video_url_not_https' | 'video_url_too_long';

export type VideoLink = { url: string; embed: string | null };

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const VIMEO_ID = /^\d{1,12}$/;

/** The embed address for a YouTube or Vimeo link, or null for any other host (or a link without a video id). */
export function embedUrl(value: string): string | null {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return null;
	}
	if (url.protocol !== 'https:') return null;
	const host = url.hostname.toLowerCase().replace(/^(www\.|m\.)/, '');
	const parts = url.pathname.split('/').filter((p) => p !== '');
	let youtube: string | undefined;
	if (host === 'youtu.be') youtube = parts[0];
	else if (host === 'youtube.com' || host === 'youtube-nocookie.com') {
		if (parts[0] === 'watch') youtube = url.searchParams.get('v') ?? undefined;
		else if (['embed', 'shorts', 'live', 'v'].includes(parts[0] ?? '')) youtube = parts[1];
	}
	if (youtube !== undefined) {
		return YOUTUBE_ID.test(youtube) ? `https://www.youtube-nocookie.com/embed/${youtube}` : null;
	}
	if (host === 'vimeo.com' || host === 'player.vimeo.com') {
		const id = parts.find((p) => VIMEO_ID.test(p));
		return id ? `https://player.vimeo.com/video/${id}?dnt=1` : null;
	}
	return null;
}

/** A link as an organizer typed it, checked: the address to store and, where the host allows, the embed. */
export function parseVideoUrl(
	input: string
): { ok: true; link: VideoLink } | { ok: false; error: VideoUrlError } {
	const trimmed = input.trim();
	if (trimmed.length > VIDEO_URL_MAX) return { ok: false, error: 'video_url_too_long' };
	let url: URL;
	try {
		url = new URL(trimmed);
	} catch {
		return { ok: false, error: 'video_url_invalid' };
	}
	if (url.protocol !== 'https:') {
		return { ok: false, error: url.protocol === 'http:' ? 'video_url_not_https' : 'video_url_invalid' };
	}
	// a link carrying a password or no real host is not a video page
	if (url.username || url.password || !url.hostname.includes('.'))
		return { ok: false, error: 'video_url_invalid' };
	const href = url.href;
	if (href.length > VIDEO_URL_MAX) return { ok: false, error: 'video_url_too_long' };
	return { ok: true, link: { url: href, embed: embedUrl(href) } };
}
