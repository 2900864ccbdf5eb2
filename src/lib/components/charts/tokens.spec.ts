import { describe, expect, it } from 'vitest';
import { resolveTokens } from './tokens';

describe('resolveTokens', () => {
	const read = (name: string) => ({ '--chart-people': 'rgb(1, 2, 3)' })[name] ?? '';

	it('replaces token colours deep in a chart configuration and keeps callbacks and other values', () => {
		const callback = () => 'x';
		const config = {
			data: { datasets: [{ backgroundColor: 'var(--chart-people)', data: [1, 2] }] },
			options: { scales: { x: { grid: { color: 'var(--chart-missing)' }, ticks: { callback } } } }
		};
		const resolved = resolveTokens(config, read);
		expect(resolved.data.datasets[0].backgroundColor).toBe('rgb(1, 2, 3)');
		expect(resolved.data.datasets[0].data).toEqual([1, 2]);
		// an unknown token stays as written rather than becoming an empty colour
		expect(resolved.options.scales.x.grid.color).toBe('var(--chart-missing)');
		expect(resolved.options.scales.x.ticks.callback).toBe(callback);
	});
});
