// A tiny HTTP client for the scenarios autocannon cannot express (an arrival schedule of distinct people, a
// multi-step flow), and latency statistics.
import http from 'node:http';
export function request(base, options) {
	const start = performance.now();
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				host: base.hostname,
				port: base.port,
				method: options.method ?? 'GET',
				path: options.path,
				headers: {
					...(options.body === undefined ? {} : { 'content-length': Buffer.byteLength(options.body) }),
					...options.headers
				},
				agent: options.agent
			},
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: Buffer.concat(chunks).toString('utf8'),
						ms: performance.now() - start
					})
				);
				res.on('error', reject);
			}
		);
		req.on('error', reject);
		req.end(options.body);
	});
}
export function percentile(sorted, p) {
	if (sorted.length === 0) return NaN;
	const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
	return sorted[i];
}
export function latencyStats(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return {
		n: sorted.length,
		p50: percentile(sorted, 50),
		p99: percentile(sorted, 99),
		max: sorted[sorted.length - 1] ?? NaN
	};
}
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
