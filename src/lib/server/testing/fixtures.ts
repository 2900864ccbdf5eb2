import { registerUser } from '../accounts';
import type { Db } from '../db/client';
import { createUnit } from '../units';

let counter = 0;

/** A unique valid mobile number for each call within a test file. */
export function nextPhone(): string {
	counter += 1;
	return `098${String(counter).padStart(7, '0')}`;
}

export async function makeUnit(db: Db, code: string, parentId: number | null = null, headcount = 10) {
	const result = await createUnit(db, { code, name: `Đơn vị ${code}`, parentId, headcount });
	if (!result.ok) throw new Error(result.error);
	return result.value;
}

export async function makeUser(
	db: Db,
	unitId: number,
	overrides: Partial<Parameters<typeof registerUser>[1]> = {}
) {
	const input = {
		fullName: 'Nguyễn Văn Thử',
		birthDate: '1990-05-17',
		unitId,
		phone: nextPhone(),
		email: null,
		cccd: null,
		password: 'MatKhau123',
		...overrides
	};
	const result = await registerUser(db, input);
	if (!result.ok) throw new Error(result.error);
	return { id: result.userId, ...input };
}
