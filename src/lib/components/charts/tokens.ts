/**
 * Chart configurations name colours as design tokens ('var(--chart-people)'); chart.js draws on a canvas, which
 * cannot read CSS variables, so the chart resolves them against the page's styles just before drawing.
 */
const TOKEN = /^var\((--[\w-]+)\)$/;

export function resolveTokens<T>(value: T, read: (name: string) => string): T {
	if (typeof value === 'string') {
		const match = TOKEN.exec(value);
		return (match ? read(match[1]) || value : value) as T;
	}
	if (Array.isArray(value)) return value.map((v) => resolveTokens(v, read)) as T;
	if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveTokens(v, read)])) as T;
	}
	return value;
}

/** Reads tokens from the document root (the browser only). */
export function cssTokenReader(element: Element = document.documentElement) {
	const style = getComputedStyle(element);
	return (name: string) => style.getPropertyValue(name).trim();
}
