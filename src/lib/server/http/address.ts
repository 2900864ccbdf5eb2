/**
 * The caller's address behind trusted proxies. X-Forwarded-For is believed only when the connection comes from a
 * proxy listed in TRUSTED_PROXIES (addresses or IPv4 CIDR ranges), and then read from the right: the first address
 * that is not one of our proxies is the client. A client that forges the header can only add entries to its left,
 * which are never read, so it can neither rotate past the limits nor frame another office.
 */
export function parseTrustedProxies(value: string | undefined): string[] {
	return (value ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
}

const normalize = (address: string) =>
	address
		.trim()
		.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1')
		.toLowerCase();

function ipv4ToNumber(address: string): number | null {
	const parts = address.split('.');
	if (parts.length !== 4) return null;
	let n = 0;
	for (const part of parts) {
		if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
		n = n * 256 + Number(part);
	}
	return n;
}

export function isTrusted(address: string, trusted: string[]): boolean {
	const a = normalize(address);
	for (const entry of trusted) {
		const [base, bits] = entry.split('/');
		if (bits === undefined) {
			if (normalize(base) === a) return true;
			continue;
		}
		const ip = ipv4ToNumber(a);
		const net = ipv4ToNumber(normalize(base));
		const prefix = Number(bits);
		if (ip === null || net === null || !(prefix >= 0 && prefix <= 32)) continue;
		const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
		if ((ip & mask) >>> 0 === (net & mask) >>> 0) return true;
	}
	return false;
}

/** `peer`: the connection's own address; `forwardedFor`: the X-Forwarded-For header, if any. */
export function clientAddressOf(peer: string, forwardedFor: string | null, trusted: string[]): string {
	if (!peer) return 'unknown';
	if (!forwardedFor || !isTrusted(peer, trusted)) return normalize(peer);
	const hops = forwardedFor
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	for (let i = hops.length - 1; i >= 0; i--)
		if (!isTrusted(hops[i], trusted)) return normalize(hops[i]).slice(0, 64);
	return normalize(hops[0] ?? peer);
}
