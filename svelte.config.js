import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		csrf: { trustedOrigins: [] },
		// Scripts only from this site, with SvelteKit's own inline start-up script allowed by nonce (hash when
		// prerendered); no plugin content, no framing, forms post only here (docs/SECURITY.md).
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				// the judge's video player: only the two hosts kinds/video.ts builds embed addresses for
				'frame-src': ['self', 'https://www.youtube-nocookie.com', 'https://player.vimeo.com'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
