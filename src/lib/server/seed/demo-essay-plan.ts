import { VIETNAM_OFFSET_MINUTES } from '../quiz/time';

// What the demo essay contest is made of, and the clock and random numbers its seed runs on.

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
const OFFSET = VIETNAM_OFFSET_MINUTES * 60_000;

/** `hour`:00 Vietnam time on the Vietnam calendar day `days` days from `now` (negative: in the past). */
export function vietnamAt(now: Date, days: number, hour: number): Date {
	const local = now.getTime() + OFFSET + days * DAY;
	const midnight = Math.floor(local / DAY) * DAY;
	return new Date(midnight + hour * HOUR - OFFSET);
}

/** mulberry32, as demo.ts uses for its people. */
export function prng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** The units whose people judge (the demo judge is moved to CB-VPDUK by demo.ts); authors come from the others. */
export const DEMO_ESSAY_JUDGE_UNITS = ['CB-VPDUK', 'CB-STP-HCTP', 'CB-STC-VP', 'CB-SYT-TT'] as const;

export const DEMO_ESSAY = {
	title: 'Cuộc thi viết «Tấm gương bình dị mà cao quý» 2026',
	codePrefix: 'TGBD-2026',
	submitted: 40,
	drafts: 2,
	withdrawn: 1,
	/** entries of the demo judge left unscored: the first `judgeDrafts` of them hold a draft */
	judgeLeft: 5,
	judgeDrafts: 2,
	/** entries designed with a gap of 20+ points between their two judges */
	disagreements: 4
} as const;
