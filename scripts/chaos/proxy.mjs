// A TCP proxy between the app's connection pool and PostgreSQL that the suite turns into a bad network on demand:
// it drops every connection (FIN), resets them (RST), delays every byte, or refuses new connections for a while.
import net from 'node:net';

export function startProxy({ port, targetPort, host = '127.0.0.1' }) {
	const pairs = new Set();
	const state = { delayMs: 0, refusing: false, accepted: 0 };

	/** Forwards in order; each chunk leaves no sooner than `delayMs` after it arrived. */
	function forward(from, to) {
		let chain = Promise.resolve();
		from.on('data', (chunk) => {
			const releaseAt = Date.now() + state.delayMs;
			chain = chain.then(async () => {
				const wait = releaseAt - Date.now();
				if (wait > 0) await new Promise((r) => setTimeout(r, wait));
				if (!to.destroyed) to.write(chunk);
			});
		});
	}

	const server = net.createServer((client) => {
		if (state.refusing) {
			client.resetAndDestroy();
			return;
		}
		state.accepted++;
		const upstream = net.connect(targetPort, host);
		const pair = { client, upstream };
		pairs.add(pair);
		const close = () => {
			pairs.delete(pair);
			client.destroy();
			upstream.destroy();
		};
		client.on('error', close).on('close', close);
		upstream.on('error', close).on('close', close);
		forward(client, upstream);
		forward(upstream, client);
	});

	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () =>
			resolve({
				port,
				state,
				get open() {
					return pairs.size;
				},
				/** closes every connection cleanly (FIN both ways) */
				drop() {
					for (const { client, upstream } of [...pairs]) {
						client.end();
						upstream.end();
						client.destroySoon();
						upstream.destroySoon();
					}
					return pairs.size;
				},
				/** aborts every connection (RST both ways) */
				reset() {
					const n = pairs.size;
					for (const { client, upstream } of [...pairs]) {
						client.resetAndDestroy();
						upstream.resetAndDestroy();
					}
					return n;
				},
				setDelay(ms) {
					state.delayMs = ms;
				},
				setRefusing(on) {
					state.refusing = on;
				},
				close: () =>
					new Promise((r) => {
						for (const { client, upstream } of pairs) {
							client.destroy();
							upstream.destroy();
						}
						server.close(() => r());
					})
			})
		);
	});
}
