import { eq } from 'drizzle-orm';
import { userSearchText } from '../accounts';
import { hashPassword } from '../auth/password';
import type { Db } from '../db/client';
import { type Role, roleGrants, units, users } from '../db/schema';
import { createUnit } from '../units';
import { seedDemoEssays } from './demo-essays';
import { seedPublishedEssayContest } from './demo-essays-published';
import { seedDemoQuiz } from './demo-quiz';

/** The demo accounts README lists; one per role. */
export const DEMO_ACCOUNTS: {
	role: Role | 'participant';
	phone: string;
	password: string;
	fullName: string;
}[] = [
	{ role: 'admin', phone: '0900000001', password: 'Quantri@2026', fullName: 'Trần Quốc Quản' },
	{ role: 'organizer', phone: '0900000002', password: 'Bantochuc@2026', fullName: 'Lê Thị Tổ Chức' },
	{ role: 'judge', phone: '0900000003', password: 'Giamkhao@2026', fullName: 'Phạm Văn Khảo' },
	{ role: 'participant', phone: '0900000004', password: 'Thisinh@2026', fullName: 'Nguyễn Thị Dự Thi' }
];
/** Every other demo person signs in with this password. */
export const DEMO_PEOPLE_PASSWORD = 'Demo@2026';

type TreeNode = { code: string; name: string; headcount: number; children?: TreeNode[] };

const TREE: TreeNode = {
	code: 'DBK',
	name: 'Đảng bộ Khối các cơ quan tỉnh',
	headcount: 4,
	children: [
		{
			code: 'DB-SYT',
			name: 'Đảng bộ Sở Y tế',
			headcount: 2,
			children: [
				{ code: 'CB-SYT-VP', name: 'Chi bộ Văn phòng Sở Y tế', headcount: 32 },
				{ code: 'CB-SYT-NVY', name: 'Chi bộ Phòng Nghiệp vụ Y', headcount: 28 },
				{ code: 'CB-SYT-TT', name: 'Chi bộ Thanh tra Sở Y tế', headcount: 15 }
			]
		},
		{
			code: 'DB-SGD',
			name: 'Đảng bộ Sở Giáo dục và Đào tạo',
			headcount: 3,
			children: [
				{ code: 'CB-SGD-VP', name: 'Chi bộ Văn phòng Sở Giáo dục và Đào tạo', headcount: 35 },
				{ code: 'CB-SGD-GDTH', name: 'Chi bộ Phòng Giáo dục Trung học', headcount: 30 },
				{ code: 'CB-SGD-TCCB', name: 'Chi bộ Phòng Tổ chức cán bộ', headcount: 20 }
			]
		},
		{
			code: 'DB-STC',
			name: 'Đảng bộ Sở Tài chính',
			headcount: 2,
			children: [
				{ code: 'CB-STC-VP', name: 'Chi bộ Văn phòng Sở Tài chính', headcount: 26 },
				{ code: 'CB-STC-NS', name: 'Chi bộ Phòng Quản lý ngân sách', headcount: 31 }
			]
		},
		{
			code: 'DB-STP',
			name: 'Đảng bộ Sở Tư pháp',
			headcount: 1,
			children: [
				{ code: 'CB-STP-VP', name: 'Chi bộ Văn phòng Sở Tư pháp', headcount: 22 },
				{ code: 'CB-STP-HCTP', name: 'Chi bộ Phòng Hành chính tư pháp', headcount: 18 }
			]
		},
		{ code: 'CB-VPDUK', name: 'Chi bộ Văn phòng Đảng ủy Khối', headcount: 24 }
	]
};

const FAMILY = [
	'Nguyễn',
	'Trần',
	'Lê',
	'Phạm',
	'Hoàng',
	'Huỳnh',
	'Phan',
	'Vũ',
	'Võ',
	'Đặng',
	'Bùi',
	'Đỗ',
	'Hồ',
	'Ngô'
];
const MIDDLE_M = ['Văn', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Thanh', 'Công', 'Xuân'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Kim', 'Hồng', 'Phương'];
const GIVEN_M = [
	'Anh',
	'Bình',
	'Cường',
	'Dũng',
	'Hải',
	'Hùng',
	'Khánh',
	'Long',
	'Nam',
	'Phúc',
	'Quang',
	'Sơn',
	'Tâm',
	'Thắng',
	'Trung',
	'Tuấn',
	'Việt'
];
const GIVEN_F = [
	'An',
	'Chi',
	'Dung',
	'Giang',
	'Hà',
	'Hạnh',
	'Hoa',
	'Hương',
	'Lan',
	'Linh',
	'Mai',
	'Nga',
	'Oanh',
	'Phương',
	'Thảo',
	'Trang',
	'Yến'
];

/** A small deterministic generator, so every demo database has the same people. */
function prng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Seeds one bloc committee with 16 units on 3 levels, ~200 people with Vietnamese names, the demo accounts, a quiz
 * contest (demo-quiz.ts) and an essay contest in judging (demo-essays.ts).
 * Returns false (and writes nothing) when the demo organization is already there.
 */
export async function seedDemo(db: Db): Promise<boolean> {
	const [existing] = await db.select({ id: units.id }).from(units).where(eq(units.code, TREE.code));
	if (existing) return false;

	const leaves: { id: number; code: string; headcount: number }[] = [];
	const accountIds = new Map<Role | 'participant', number>();
	let rootId = 0;
	await db.transaction(async (tx) => {
		const insert = async (node: TreeNode, parentId: number | null) => {
			const result = await createUnit(tx, {
				code: node.code,
				name: node.name,
				parentId,
				headcount: node.headcount
			});
			if (!result.ok) throw new Error(`demo unit ${node.code}: ${result.error}`);
			if (parentId === null) rootId = result.value.id;
			if (!node.children) leaves.push({ id: result.value.id, code: node.code, headcount: node.headcount });
			for (const child of node.children ?? []) await insert(child, result.value.id);
		};
		await insert(TREE, null);

		const random = prng(2026);
		const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
		const peopleHash = await hashPassword(DEMO_PEOPLE_PASSWORD);
		// Each leaf unit gets accounts for 55–100% of its headcount, so the demo shows realistic rates.
		const unitOfPerson = leaves.flatMap((leaf, i) =>
			Array.from({ length: Math.round(leaf.headcount * (0.55 + ((i * 37) % 46) / 100)) }, () => leaf.id)
		);
		const people = unitOfPerson.map((unitId, i) => {
			const female = random() < 0.5;
			const fullName = `${pick(FAMILY)} ${pick(female ? MIDDLE_F : MIDDLE_M)} ${pick(female ? GIVEN_F : GIVEN_M)}`;
			const phone = `09${String(11_000_000 + i * 7919).padStart(8, '0')}`;
			const year = 1965 + Math.floor(random() * 38);
			const month = 1 + Math.floor(random() * 12);
			const day = 1 + Math.floor(random() * 28);
			return {
				fullName,
				birthDate: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
				unitId,
				phone,
				email: null,
				cccd: null,
				passwordHash: peopleHash,
				searchText: userSearchText(fullName, phone, null)
			};
		});
		await tx.insert(users).values(people);

		// The judge belongs to a unit of its own: judges never mark entries of their unit, its ancestors or
		// descendants, so a judge at the root could mark nothing.
		const judgeUnitId = leaves.find((l) => l.code === 'CB-VPDUK')!.id;
		for (const [index, account] of DEMO_ACCOUNTS.entries()) {
			const [row] = await tx
				.insert(users)
				.values({
					fullName: account.fullName,
					birthDate: `198${index}-0${index + 3}-1${index}`,
					unitId:
						account.role === 'participant' ? leaves[0].id : account.role === 'judge' ? judgeUnitId : rootId,
					phone: account.phone,
					email: account.role === 'participant' ? null : `${account.role}@demo.cuocthi.vn`,
					cccd: null,
					passwordHash: await hashPassword(account.password),
					searchText: userSearchText(account.fullName, account.phone, null)
				})
				.returning({ id: users.id });
			accountIds.set(account.role, row.id);
			if (account.role !== 'participant')
				await tx.insert(roleGrants).values({ userId: row.id, role: account.role });
		}
	});
	await seedDemoQuiz(db, rootId);
	// the published contest first: the contest in judging stays the newest, the one the organizer opens first
	const done = await seedPublishedEssayContest(db, {
		rootUnitId: rootId,
		organizerId: accountIds.get('organizer')!,
		participantId: accountIds.get('participant')!
	});
	const essays = await seedDemoEssays(db, {
		rootUnitId: rootId,
		organizerId: accountIds.get('organizer')!,
		judgeId: accountIds.get('judge')!,
		participantId: accountIds.get('participant')!
	});
	console.log(
		`Demo essay contest in judging: ${essays.submitted} entries (+${essays.drafts} drafts, ${essays.withdrawn} withdrawn), ` +
			`${essays.judges} judges, ${essays.scoresSubmitted}/${essays.assignments} scores submitted, ` +
			`${essays.thirdJudges} third judges; the demo judge has ${essays.demoJudgeLeft} entries left to score.`
	);
	console.log(
		`Demo essay contest with published results: ${done.awarded} awards, ${done.certificates} certificates.`
	);
	return true;
}

export function demoLoginsText(): string {
	return DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(12)} ${a.phone}  /  ${a.password}`).join('\n');
}
