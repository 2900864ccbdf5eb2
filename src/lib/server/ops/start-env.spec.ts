import { describe, expect, it } from 'vitest';
import { applyStartDefaults } from '../../../../scripts/start-env.js';

describe('npm start defaults', () => {
	it('keeps idle connections open longer than nginx keeps its idle upstream connections (60 s)', () => {
		const env = applyStartDefaults({}, '/srv/app/');
		// Node's own default (5 s) closes connections nginx still believes open: a POST sent on one is a 502
		expect(Number(env.KEEP_ALIVE_TIMEOUT)).toBeGreaterThan(60);
		expect(Number(env.HEADERS_TIMEOUT)).toBeGreaterThan(Number(env.KEEP_ALIVE_TIMEOUT));
	});

	it('leaves what the environment sets', () => {
		const env = applyStartDefaults({ KEEP_ALIVE_TIMEOUT: '90', PORT: '4000' }, '/srv/app/');
		expect(env).toMatchObject({
			KEEP_ALIVE_TIMEOUT: '90',
			HEADERS_TIMEOUT: '91',
			PORT: '4000',
			ORIGIN: 'http://localhost:4000',
			MIGRATIONS_DIR: '/srv/app/drizzle'
		});
	});
});
