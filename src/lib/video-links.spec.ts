import { describe, expect, it } from 'vitest';
import { embedUrl, parseVideoUrl } from './video-links';

describe('video links', () => {
	it('turns YouTube links of every common form into the privacy embed address', () => {
		const embed = 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ';
		for (const link of [
			'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s',
			'https://youtube.com/watch?v=dQw4w9WgXcQ',
			'https://m.youtube.com/watch?v=dQw4w9WgXcQ',
			'https://youtu.be/dQw4w9WgXcQ?si=abc',
			'https://www.youtube.com/shorts/dQw4w9WgXcQ',
			'https://www.youtube.com/embed/dQw4w9WgXcQ'
		])
			expect(parseVideoUrl(link)).toEqual({ ok: true, link: { url: new URL(link).href, embed } });
	});

	it('turns a Vimeo link into the player address', () => {
		expect(embedUrl('https://vimeo.com/76979871')).toBe('https://player.vimeo.com/video/76979871?dnt=1');
		expect(embedUrl('https://player.vimeo.com/video/76979871')).toBe(
			'https://player.vimeo.com/video/76979871?dnt=1'
		);
	});

	it('keeps a link to another host, shown as a plain link without a player', () => {
		expect(parseVideoUrl(' https://drive.google.com/file/d/abc/view ')).toEqual({
			ok: true,
			link: { url: 'https://drive.google.com/file/d/abc/view', embed: null }
		});
		// a YouTube address without a proper video id is not embedded either
		expect(embedUrl('https://www.youtube.com/watch?v=<script>')).toBeNull();
		expect(embedUrl('https://www.youtube.com/channel/UC123')).toBeNull();
	});

	it('refuses http, other schemes, text that is not a link, and links too long', () => {
		expect(parseVideoUrl('http://www.youtube.com/watch?v=dQw4w9WgXcQ')).toEqual({
			ok: false,
			error: 'video_url_not_https'
		});
		for (const bad of [
			'javascript:alert(1)',
			'youtube.com/watch?v=dQw4w9WgXcQ',
			'video hay',
			'',
			'https://localhost/x'
		])
			expect(parseVideoUrl(bad)).toEqual({ ok: false, error: 'video_url_invalid' });
		expect(parseVideoUrl(`https://example.com/${'a'.repeat(500)}`)).toEqual({
			ok: false,
			error: 'video_url_too_long'
		});
		expect(parseVideoUrl('https://user:pw@example.com/v')).toEqual({ ok: false, error: 'video_url_invalid' });
	});
});
