import { m } from '$lib/paraglide/messages';

export const DIFFICULTIES = [1, 2, 3] as const;

export function difficultyLabel(level: number): string {
	return level === 1 ? m.bank_difficulty_1() : level === 3 ? m.bank_difficulty_3() : m.bank_difficulty_2();
}

/** A, B, C … for the 0-based position of an option. */
export const optionLetter = (position: number) => String.fromCharCode(65 + position);

/** A question as the cards show it: in the bank, in an import preview. */
export interface CardQuestion {
	text: string;
	options: { text: string; isCorrect: boolean }[];
	explanation?: string;
	difficulty?: number;
	topic?: string;
}
