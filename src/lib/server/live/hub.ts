import type { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { Coalescer } from './coalesce';

/** The channel every process LISTENs on; a payload is `<contestId>:<roundId>`. */
export const CHANNEL = 'contest_activity';

/** A round's finishes are announced at most once per this many ms per process (one NOTIFY, not one per finish). */
export const PUBLISH_WINDOW_MS = 1000;
/** A contest's SSE clients in this process are told at most once per this many ms. */
export const PUSH_WINDOW_MS = 2000;

/** Where notifications travel: PostgreSQL (crosses processes) or PGlite (one process). */
export interface LiveTransport {
	/** Starts listening; `onRelisten` runs after the connection dropped and listens again (notifications may be lost). */
	listen(onPayload: (payload: string) => void, onRelisten: () => void): Promise<void>;
	/** NOTIFY that the round (of a counted round's contest) changed. */
	notify(roundId: number): Promise<void>;
	/** NOTIFY a raw payload on the channel (readiness probes: `ping:…`, ignored by every receiver). */
	ping(payload: string): Promise<void>;
	close(): Promise<void>;
}

// the contest is looked up by the NOTIFY statement itself (primary key); practice rounds are not on the dashboard
const NOTIFY_SQL = `select pg_notify('${CHANNEL}', contest_id || ':' || id) from rounds where id = $1 and not practice`;
const PING_SQL = `select pg_notify('${CHANNEL}', $1)`;

/** A dedicated postgres.js client: LISTEN holds its own connection, reconnected by postgres.js when it drops. */
export function postgresTransport(url: string): LiveTransport {
	const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10, idle_timeout: 0 });
	let listening = false;
	return {
		async listen(onPayload, onRelisten) {
			await client.listen(CHANNEL, onPayload, () => {
				if (listening) onRelisten(); // every later call is a reconnection
				listening = true;
			});
		},
		async notify(roundId) {
			await client.unsafe(NOTIFY_SQL, [roundId]);
		},
		async ping(payload) {
			await client.unsafe(PING_SQL, [payload]);
		},
		close: () => client.end({ timeout: 2 })
	};
}

/** The embedded database: LISTEN/NOTIFY inside this process only (PGlite is single-process anyway). */
export function pgliteTransport(pg: PGlite): LiveTransport {
	let unlisten: (() => Promise<void>) | undefined;
	return {
		async listen(onPayload) {
			unlisten = await pg.listen(CHANNEL, onPayload);
		},
		async notify(roundId) {
			await pg.query(NOTIFY_SQL, [roundId]);
		},
		async ping(payload) {
			await pg.query(PING_SQL, [payload]);
		},
		async close() {
			await unlisten?.();
		}
	};
}

export type LiveListener = () => void;

/** Gets every payload of the channel (the session cache: `session:…`, `user:…`), and `clear` when some may be lost. */
export interface ChannelWatcher {
	received(payload: string): void;
	clear(): void;
}

/**
 * One per process. Outbound: `publish(roundId)` after a finish commits, coalesced per round to one NOTIFY per
 * PUBLISH_WINDOW_MS. Inbound: every process LISTENs, and a notification (from any process) tells this process's
 * subscribers of that contest, coalesced per contest to one push per PUSH_WINDOW_MS.
 */
export class LiveHub {
	private listeners = new Map<number, Set<LiveListener>>();
	private closers = new Set<() => void>();
	private pings = new Map<string, () => void>();
	private watchers = new Set<ChannelWatcher>();
	private outbound: Coalescer<number>;
	private inbound: Coalescer<number>;
	private closed = false;

	constructor(
		private readonly transport: LiveTransport,
		windows: { publishMs?: number; pushMs?: number } = {}
	) {
		this.outbound = new Coalescer(windows.publishMs ?? PUBLISH_WINDOW_MS, (roundId) => {
			if (this.closed) return;
			this.transport
				.notify(roundId)
				.catch((err) => console.error('live: NOTIFY failed:', (err as Error).message));
		});
		this.inbound = new Coalescer(windows.pushMs ?? PUSH_WINDOW_MS, (contestId) => {
			for (const listener of this.listeners.get(contestId) ?? []) {
				try {
					listener();
				} catch (err) {
					console.error('live: listener failed:', (err as Error).message);
				}
			}
		});
	}

	async start() {
		await this.transport.listen(
			(payload) => this.received(payload),
			// missed notifications while disconnected: everyone reloads once
			() => {
				for (const watcher of this.watchers) watcher.clear();
				for (const contestId of this.listeners.keys()) this.inbound.poke(contestId);
			}
		);
	}

	/** A finish of an attempt in the round committed. Cheap: no I/O unless the round's window is open. */
	publish(roundId: number) {
		if (!this.closed) this.outbound.poke(roundId);
	}

	/** Calls `listener` (coalesced) when the contest changes; returns the unsubscribe function. */
	subscribe(contestId: number, listener: LiveListener): () => void {
		let set = this.listeners.get(contestId);
		if (!set) this.listeners.set(contestId, (set = new Set()));
		set.add(listener);
		return () => {
			const current = this.listeners.get(contestId);
			if (!current) return;
			current.delete(listener);
			if (current.size === 0) {
				this.listeners.delete(contestId);
				this.inbound.forget(contestId);
			}
		};
	}

	/** `watcher` sees every payload until the returned function is called, and is cleared after a reconnection. */
	watch(watcher: ChannelWatcher): () => void {
		this.watchers.add(watcher);
		return () => this.watchers.delete(watcher);
	}

	/** `close` runs when the hub closes (shutdown): an SSE stream ends then, so its connection does not hold the exit. */
	onClose(close: () => void): () => void {
		this.closers.add(close);
		return () => this.closers.delete(close);
	}

	/**
	 * Whether the LISTEN connection works end to end: a NOTIFY sent now comes back through it within `timeoutMs`.
	 * (postgres.js reconnects a dropped LISTEN silently; only a round trip tells.)
	 */
	async probe(timeoutMs = 2000): Promise<boolean> {
		if (this.closed) return false;
		const payload = `ping:${process.pid}:${Math.random().toString(36).slice(2)}`;
		let timer: ReturnType<typeof setTimeout> | undefined;
		const heard = new Promise<boolean>((resolve) => {
			this.pings.set(payload, () => resolve(true));
			timer = setTimeout(() => resolve(false), timeoutMs);
		});
		try {
			await this.transport.ping(payload);
			return await heard;
		} catch {
			return false;
		} finally {
			clearTimeout(timer);
			this.pings.delete(payload);
		}
	}

	/** How many subscribers are connected (for tests and checks of leaks). */
	subscriberCount(contestId?: number) {
		if (contestId !== undefined) return this.listeners.get(contestId)?.size ?? 0;
		let n = 0;
		for (const set of this.listeners.values()) n += set.size;
		return n;
	}

	async close() {
		this.closed = true;
		this.outbound.clear();
		this.inbound.clear();
		for (const close of [...this.closers]) close();
		this.closers.clear();
		this.listeners.clear();
		for (const watcher of this.watchers) watcher.clear();
		this.watchers.clear();
		await this.transport.close();
	}

	private received(payload: string) {
		for (const watcher of this.watchers) watcher.received(payload);
		if (payload.startsWith('ping:')) return this.pings.get(payload)?.();
		const contestId = Number(payload.split(':')[0]);
		if (Number.isInteger(contestId) && this.listeners.has(contestId)) this.inbound.poke(contestId);
	}
}

let current: LiveHub | undefined;

/** Starts this process's hub (server init). */
export async function startLive(source: { url: string } | { pglite: PGlite }): Promise<LiveHub> {
	if (current) return current;
	const hub = new LiveHub('url' in source ? postgresTransport(source.url) : pgliteTransport(source.pglite));
	await hub.start();
	current = hub;
	return hub;
}

export async function stopLive() {
	const hub = current;
	current = undefined;
	await hub?.close();
}

/** This process's hub, if the server started one (not in unit tests or scripts). */
export function liveHub(): LiveHub | undefined {
	return current;
}

/** After a finish committed: tells dashboards (no-op without a hub, e.g. in tests and scripts). */
export function publishActivity(roundId: number) {
	current?.publish(roundId);
}
