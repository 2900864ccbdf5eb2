// Plain data shared by the tier editor and the tests: the two ways Vietnamese writing contests name their prizes.

export const AWARD_PRESETS = {
	ranked: [
		{ name: 'Nhất', count: 1 },
		{ name: 'Nhì', count: 2 },
		{ name: 'Ba', count: 3 },
		{ name: 'Khuyến khích', count: 10 }
	],
	lettered: [
		{ name: 'Đặc biệt', count: 1 },
		{ name: 'A', count: 2 },
		{ name: 'B', count: 3 },
		{ name: 'C', count: 5 },
		{ name: 'Khuyến khích', count: 10 }
	]
} as const satisfies Record<string, readonly { name: string; count: number }[]>;

export type AwardPreset = keyof typeof AWARD_PRESETS;

/** A new round's rubric: content 90, presentation 10, on 100. */
export const DEFAULT_CRITERIA = [
	{ name: 'Nội dung', maxPoints: 90 },
	{ name: 'Hình thức', maxPoints: 10 }
] as const;
