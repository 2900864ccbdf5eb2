import type { ChartConfiguration } from 'chart.js';
import { wrapLabel } from './labels';

// The dashboard's charts as chart.js configurations, built from plain numbers so the page (and a live update later)
// only swaps data. Colours are design tokens (src/lib/styles/tokens.css), resolved by ChartCanvas when it draws:
// the app's red for people, a blue for rates and attempts, readable on white.
export const PEOPLE_COLOR = 'var(--chart-people)';
export const RATE_COLOR = 'var(--chart-rate)';
export const GRID_COLOR = 'var(--chart-grid)';
const GRID = GRID_COLOR;

const percent = (value: number | string) => `${value} %`;

/** Horizontal bars, one per unit: long Vietnamese unit names stay readable on a phone. */
export function unitBars(
	labels: string[],
	values: number[],
	options: { series: string; color: string; rate?: boolean }
): ChartConfiguration {
	return {
		type: 'bar',
		data: { labels, datasets: [{ label: options.series, data: values, backgroundColor: options.color }] },
		options: {
			indexAxis: 'y',
			maintainAspectRatio: false,
			animation: false,
			plugins: { legend: { display: false } },
			scales: {
				x: {
					beginAtZero: true,
					...(options.rate ? { max: 100, ticks: { callback: percent } } : { ticks: { precision: 0 } }),
					grid: { color: GRID }
				},
				y: { ticks: { autoSkip: false, callback: shortLabel(labels) } }
			}
		}
	};
}

/** Bars of attempts per bucket with the cumulative participants as a line on its own axis. */
export function timelineChart(
	labels: string[],
	attempts: number[],
	cumulative: number[],
	names: { attempts: string; participants: string }
): ChartConfiguration {
	return {
		type: 'bar',
		data: {
			labels,
			datasets: [
				{ type: 'bar', label: names.attempts, data: attempts, backgroundColor: RATE_COLOR, yAxisID: 'y' },
				{
					type: 'line',
					label: names.participants,
					data: cumulative,
					borderColor: PEOPLE_COLOR,
					backgroundColor: PEOPLE_COLOR,
					pointRadius: labels.length > 40 ? 0 : 2,
					yAxisID: 'y1'
				}
			]
		},
		options: {
			maintainAspectRatio: false,
			animation: false,
			interaction: { mode: 'index', intersect: false },
			scales: {
				x: { ticks: { maxRotation: 0, autoSkip: true } },
				y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: names.attempts } },
				y1: {
					beginAtZero: true,
					position: 'right',
					ticks: { precision: 0 },
					grid: { drawOnChartArea: false },
					title: { display: true, text: names.participants }
				}
			}
		}
	};
}

/** One bar per score point. */
export function histogramChart(scores: number[], people: number[], series: string): ChartConfiguration {
	return {
		type: 'bar',
		data: {
			labels: scores.map(String),
			datasets: [{ label: series, data: people, backgroundColor: PEOPLE_COLOR, categoryPercentage: 1 }]
		},
		options: {
			maintainAspectRatio: false,
			animation: false,
			plugins: { legend: { display: false } },
			scales: { y: { beginAtZero: true, ticks: { precision: 0 }, grid: { color: GRID } } }
		}
	};
}

/** Axis labels wrapped on up to two lines (the tooltip and the table carry the full names). */
function shortLabel(labels: string[]) {
	return (_value: number | string, index: number) => wrapLabel(labels[index] ?? '');
}
