// HTTP for the suite: every request bounded in time, never a kept-alive socket (a socket that outlives a killed
// server would blur "the app is down" with "the app answered badly").
import http from 'node:http';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function request(base, { method = 'GET', path, headers = {}, body, timeoutMs = 15_000 }) {
	const start = performance.now();
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				host: base.hostname,
				port: base.port,
				method,
				path,
				agent: false,
				headers: { ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }), ...headers }
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
		req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEOUT' })));
		req.on('error', reject);
		req.end(body);
	});
}

export function jsonOf(text) {
	try {
		return JSON.parse(text);
	} catch {
		return null;
	}
}
