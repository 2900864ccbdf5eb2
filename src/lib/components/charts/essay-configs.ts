import type { ChartConfiguration } from 'chart.js';
import { GRID_COLOR, PEOPLE_COLOR, RATE_COLOR } from './configs';

const GRID = GRID_COLOR;

/**
 * Bars over score ranges. With `marked`, bars where it is true take the second colour, and both colours get a legend
 * entry (two stacked datasets, one empty per bar): the threshold shows without a plugin.
 */
export function rangeHistogram(
	labels: string[],
	values: number[],
	series: { name: string; markedName?: string; marked?: boolean[] }
): ChartConfiguration {
	const marked = series.marked;
	const datasets = marked
		? [
				{
					label: series.name,
					data: values.map((v, i) => (marked[i] ? 0 : v)),
					backgroundColor: PEOPLE_COLOR,
					categoryPercentage: 1,
					stack: 'one'
				},
				{
					label: series.markedName ?? series.name,
					data: values.map((v, i) => (marked[i] ? v : 0)),
					backgroundColor: RATE_COLOR,
					categoryPercentage: 1,
					stack: 'one'
				}
			]
		: [{ label: series.name, data: values, backgroundColor: PEOPLE_COLOR, categoryPercentage: 1 }];
	return {
		type: 'bar',
		data: { labels, datasets },
		options: {
			maintainAspectRatio: false,
			animation: false,
			plugins: { legend: { display: Boolean(marked) } },
			scales: {
				x: { stacked: Boolean(marked), ticks: { maxRotation: 0, autoSkip: true } },
				y: { stacked: Boolean(marked), beginAtZero: true, ticks: { precision: 0 }, grid: { color: GRID } }
			}
		}
	};
}
