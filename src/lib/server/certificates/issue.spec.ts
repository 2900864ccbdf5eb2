import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, DbHandle } from '../db/client';
import {
	attempts,
	awardTiers,
	certificates,
	contests,
	entries,
	entryAwards,
	essaySettings,
	roundResults,
	rounds,
	unitAwards
} from '../db/schema';
import { createTestDb } from '../testing/db';
import { makeUnit, makeUser } from '../testing/fixtures';
import { formatCertificateCode, newCertificateCode, parseCertificateCode } from './codes';
import { auditOfContest } from '../audit';
import { issueEssayCertificates, issueQuizRoundCertificates, setCertificateRevoked } from './issue';
import {
	certificateForOwner,
	certificatesToPrint,
	contestsWithPublishedResults,
	myCertificates,
	verifyCertificate
} from './queries';

let handle: DbHandle;
let db: Db;
let root: number;
let branch: number;
const people: number[] = [];

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	root = (await makeUnit(db, 'CROOT')).id;
	branch = (await makeUnit(db, 'CB1', root)).id;
	for (const name of ['Trần Văn Ánh', 'Lê Thị Bình', 'Phạm Đức Cường', 'Võ Ngọc Dung'])
		people.push((await makeUser(db, branch, { fullName: name })).id);
});
afterAll(() => handle.close());

describe('certificate codes', () => {
	it('are 10 symbols of Crockford base32, different every time', () => {
		const codes = new Set(Array.from({ length: 5000 }, () => newCertificateCode()));
		expect(codes.size).toBe(5000);
		for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
	});

	it('are printed in one form and read back in every form printed before', () => {
		// the one printed form, on the PDF, in the QR link and on every page
		expect(formatCertificateCode('ABCDEFGHJK')).toBe('ABCDE-FGHJK');
		expect(formatCertificateCode('ABCDE-FGHJK')).toBe('ABCDE-FGHJK');
		// the first QR links carried the code without its dash; a pasted link of either kind reads the same
		expect(parseCertificateCode('https://thi.example.vn/verify/ABCDEFGHJK')).toBe('ABCDEFGHJK');
		expect(parseCertificateCode('https://thi.example.vn/verify/ABCDE-FGHJK?x=1')).toBe('ABCDEFGHJK');
		expect(parseCertificateCode('thi.example.vn/verify/abcde-fghjk/')).toBe('ABCDEFGHJK');
		expect(parseCertificateCode('ABCDE–FGHJK')).toBe('ABCDEFGHJK');
		expect(parseCertificateCode('https://thi.example.vn/verify/%E0%A4')).toBeNull();
		expect(parseCertificateCode('https://thi.example.vn/login')).toBeNull();
	});

	it('read back what a person types from paper', () => {
		expect(parseCertificateCode('abcde-fghjk')).toBe('ABCDEFGHJK');
		expect(parseCertificateCode(' 0o1il 2345 6 ')).toBe('0011123456');
		expect(parseCertificateCode('ABCDEFGHJ')).toBeNull();
		expect(parseCertificateCode('ABCDEFGHJU')).toBeNull();
		expect(formatCertificateCode('ABCDEFGHJK')).toBe('ABCDE-FGHJK');
	});
});

let essayNo = 0;
async function essayContest(published: boolean) {
	essayNo++;
	const [contest] = await db
		.insert(contests)
		.values({ kind: 'essay', title: `Cuộc thi viết số ${essayNo}`, eligibleUnitId: root, published: true })
		.returning();
	await db.insert(essaySettings).values({
		contestId: contest.id,
		codePrefix: `CE${essayNo}`,
		opensAt: new Date(Date.now() - 10 * 86_400_000),
		closesAt: new Date(Date.now() - 86_400_000),
		resultsPublishedAt: published ? new Date() : null
	});
	const made: number[] = [];
	for (const [i, author] of people.entries()) {
		const [entry] = await db
			.insert(entries)
			.values({
				contestId: contest.id,
				entryNo: i + 1,
				code: `CE${essayNo}-${i + 1}`,
				authorId: author,
				authorUnitId: branch,
				slot: 1,
				title: `Bài viết của người thứ ${i + 1}`,
				status: i === 3 ? 'draft' : 'submitted',
				submittedAt: i === 3 ? null : new Date()
			})
			.returning();
		made.push(entry.id);
	}
	await db.insert(entryAwards).values([
		{ entryId: made[0], contestId: contest.id, tier: 'Nhất' },
		{ entryId: made[1], contestId: contest.id, tier: 'Khuyến khích' }
	]);
	return { contest, entries: made };
}

describe('essay contest certificates', () => {
	it('issues nothing before the results are published', async () => {
		const { contest } = await essayContest(false);
		const result = await issueEssayCertificates(db, contest.id, { participation: true, issuedBy: null });
		expect(result).toEqual({ ok: false, error: 'not_published' });
		const rows = await db.select().from(certificates).where(eq(certificates.contestId, contest.id));
		expect(rows).toHaveLength(0);
	});

	it('gives one certificate per awarded entry and, on request, one per author of a submitted entry', async () => {
		const { contest } = await essayContest(true);
		const result = await issueEssayCertificates(db, contest.id, { participation: true, issuedBy: null });
		expect(result).toEqual({ ok: true, value: { created: 5, refreshed: 0, revoked: 0 } });
		const rows = await db
			.select()
			.from(certificates)
			.where(eq(certificates.contestId, contest.id))
			.orderBy(certificates.kind, certificates.userId);
		const awards = rows.filter((r) => r.kind === 'essay_award');
		expect(awards.map((r) => [r.fullName, r.awardText, r.detail])).toEqual([
			['Trần Văn Ánh', 'Giải Nhất', 'Bài viết của người thứ 1'],
			['Lê Thị Bình', 'Giải Khuyến khích', 'Bài viết của người thứ 2']
		]);
		// the draft's author took no part
		const took = rows.filter((r) => r.kind === 'participation');
		expect(took.map((r) => r.fullName)).toEqual(['Trần Văn Ánh', 'Lê Thị Bình', 'Phạm Đức Cường']);
		expect(took.every((r) => r.awardText === 'Đã tham gia')).toBe(true);
		expect(rows.every((r) => r.issuerName === 'Đơn vị CROOT' && r.unitName === 'Đơn vị CB1')).toBe(true);
	});

	it('keeps every code when issuing again; a correction gives a changed award a new code and revokes a removed one', async () => {
		const { contest, entries: made } = await essayContest(true);
		await issueEssayCertificates(db, contest.id, { participation: true, issuedBy: null });
		const first = await db.select().from(certificates).where(eq(certificates.contestId, contest.id));
		const firstBy = new Map(first.filter((r) => r.kind === 'essay_award').map((r) => [r.entryId, r]));
		// the second award withdrawn, the first changed (as correctResults does, in its transaction)
		await db.delete(entryAwards).where(eq(entryAwards.entryId, made[1]));
		await db.update(entryAwards).set({ tier: 'Nhì' }).where(eq(entryAwards.entryId, made[0]));
		// issuing again does not rewrite published certificates
		const again = await issueEssayCertificates(db, contest.id, { participation: true, issuedBy: null });
		expect(again).toEqual({ ok: true, value: { created: 0, refreshed: 4, revoked: 0 } });
		expect((await verifyCertificate(db, firstBy.get(made[0])!.code)).status).toBe('valid');
		const corrected = await issueEssayCertificates(db, contest.id, {
			participation: true,
			issuedBy: null,
			correction: true
		});
		expect(corrected).toEqual({ ok: true, value: { created: 0, refreshed: 4, revoked: 1 } });
		const second = await db.select().from(certificates).where(eq(certificates.contestId, contest.id));
		const byEntry = new Map(second.filter((r) => r.kind === 'essay_award').map((r) => [r.entryId, r]));
		expect(byEntry.get(made[0])?.awardText).toBe('Giải Nhì');
		// a paper printed "Giải Nhất" must not verify as "Giải Nhì": it is replaced by the new code
		expect(byEntry.get(made[0])?.code).not.toBe(firstBy.get(made[0])?.code);
		expect(await verifyCertificate(db, firstBy.get(made[0])!.code)).toMatchObject({
			status: 'replaced',
			replacedBy: byEntry.get(made[0])?.code,
			awardText: 'Giải Nhất'
		});
		expect(byEntry.get(made[1])?.revokedAt).not.toBeNull();
		// participation certificates did not change: same codes
		const took = (rows: typeof first) =>
			rows
				.filter((r) => r.kind === 'participation')
				.map((r) => r.code)
				.sort();
		expect(took(second)).toEqual(took(first));

		// awarded again with the same text by a correction: the revoked certificate is valid again under its old code
		await db.insert(entryAwards).values({ entryId: made[1], contestId: contest.id, tier: 'Khuyến khích' });
		const third = await issueEssayCertificates(db, contest.id, {
			participation: false,
			issuedBy: null,
			correction: true
		});
		expect(third).toEqual({ ok: true, value: { created: 0, refreshed: 2, revoked: 0 } });
		const back = await verifyCertificate(db, firstBy.get(made[1])!.code);
		expect(back.status).toBe('valid');
	});

	it('holds one certificate per subject even when two issues race', async () => {
		const { contest } = await essayContest(true);
		await Promise.all([
			issueEssayCertificates(db, contest.id, { participation: true, issuedBy: null }),
			issueEssayCertificates(db, contest.id, { participation: true, issuedBy: null })
		]);
		const rows = await db.select().from(certificates).where(eq(certificates.contestId, contest.id));
		expect(rows).toHaveLength(5);
	});
});

async function quizRound(state: 'hidden' | 'frozen' | 'published') {
	const [contest] = await db
		.insert(contests)
		.values({ kind: 'quiz', title: 'Tìm hiểu Quy tắc ứng xử', published: true })
		.returning();
	const [round] = await db
		.insert(rounds)
		.values({
			contestId: contest.id,
			position: 1,
			name: 'Tuần thi thứ nhất',
			opensAt: new Date(Date.now() - 8 * 86_400_000),
			closesAt: new Date(Date.now() - 86_400_000),
			timeLimitSeconds: 600,
			resultsState: state
		})
		.returning();
	// ranks 1, 2, 2, 4: a tie at second place
	const ranks = [1, 2, 2, 4];
	for (const [i, userId] of people.entries()) {
		const [attempt] = await db
			.insert(attempts)
			.values({
				roundId: round.id,
				userId,
				unitId: branch,
				attemptNo: 1,
				status: 'finished',
				deadline: new Date(),
				finishedAt: new Date(),
				questionCount: 10,
				correctCount: 10 - i
			})
			.returning();
		await db.insert(roundResults).values({
			roundId: round.id,
			userId,
			attemptId: attempt.id,
			unitId: branch,
			correctCount: 10 - i,
			durationMs: 60_000,
			finishedAt: new Date(),
			rank: state === 'hidden' ? null : ranks[i]
		});
	}
	return { contest, round };
}

describe('quiz round certificates', () => {
	it('issues nothing while the round results are not published', async () => {
		const { round } = await quizRound('frozen');
		const result = await issueQuizRoundCertificates(db, round.id, {
			top: 3,
			participation: true,
			issuedBy: null
		});
		expect(result).toEqual({ ok: false, error: 'not_published' });
	});

	it('awards the top N ranks (ties at the cut included) and, on request, everyone who took part', async () => {
		const { contest, round } = await quizRound('published');
		const onlyAwards = await issueQuizRoundCertificates(db, round.id, {
			top: 2,
			participation: false,
			issuedBy: null
		});
		expect(onlyAwards).toEqual({ ok: true, value: { created: 3, refreshed: 0, revoked: 0 } });
		const withAll = await issueQuizRoundCertificates(db, round.id, {
			top: 2,
			participation: true,
			issuedBy: null
		});
		expect(withAll).toEqual({ ok: true, value: { created: 4, refreshed: 3, revoked: 0 } });
		const rows = await db
			.select()
			.from(certificates)
			.where(and(eq(certificates.contestId, contest.id), eq(certificates.kind, 'quiz_award')))
			.orderBy(certificates.userId);
		expect(rows.map((r) => r.awardText)).toEqual([
			'Giải cá nhân xuất sắc – hạng 1',
			'Giải cá nhân xuất sắc – hạng 2',
			'Giải cá nhân xuất sắc – hạng 2'
		]);
		expect(rows.every((r) => r.roundId === round.id && r.detail === 'Tuần thi thứ nhất')).toBe(true);
		// no eligible unit: the application's name heads the certificate
		expect(rows[0].issuerName).toBe('Cuộc thi trực tuyến');
	});

	it('refuses a top N out of range', async () => {
		const { round } = await quizRound('published');
		const result = await issueQuizRoundCertificates(db, round.id, {
			top: 5000,
			participation: false,
			issuedBy: null
		});
		expect(result).toEqual({ ok: false, error: 'bad_top' });
	});
});

describe('verification and ownership', () => {
	it('confirms a valid code, says "not found" for unknown codes and "revoked" for revoked ones', async () => {
		const { contest } = await essayContest(true);
		await issueEssayCertificates(db, contest.id, { participation: false, issuedBy: null });
		const [cert] = await db
			.select()
			.from(certificates)
			.where(and(eq(certificates.contestId, contest.id), eq(certificates.userId, people[0])));

		const valid = await verifyCertificate(db, formatCertificateCode(cert.code).toLowerCase());
		expect(valid).toMatchObject({
			status: 'valid',
			certificate: {
				fullName: 'Trần Văn Ánh',
				unitName: 'Đơn vị CB1',
				contestTitle: contest.title,
				awardText: 'Giải Nhất'
			}
		});
		// what older certificates printed: the undashed code and the QR link that carried it
		expect((await verifyCertificate(db, cert.code)).status).toBe('valid');
		expect((await verifyCertificate(db, `https://thi.example.vn/verify/${cert.code}`)).status).toBe('valid');
		expect(await verifyCertificate(db, 'ZZZZZZZZZZ')).toEqual({ status: 'not_found' });
		expect(await verifyCertificate(db, 'not a code')).toEqual({ status: 'not_found' });

		expect(await setCertificateRevoked(db, contest.id, cert.id, true)).toBe(true);
		const revoked = await verifyCertificate(db, cert.code);
		expect(revoked.status).toBe('revoked');
		// a revoked certificate shows nobody's name
		expect(JSON.stringify(revoked)).not.toContain('Trần');
		await setCertificateRevoked(db, contest.id, cert.id, false);
		expect((await verifyCertificate(db, cert.code)).status).toBe('valid');
		// both acts are in the contest's append-only trail
		const trail = await auditOfContest(db, contest.id, { entity: 'certificate', entityId: cert.id });
		expect(trail.map((a) => a.action)).toEqual(['certificate.restore', 'certificate.revoke']);
	});

	it('lets a person fetch only their own valid certificates', async () => {
		const { contest } = await essayContest(true);
		await issueEssayCertificates(db, contest.id, { participation: false, issuedBy: null });
		const mine = await myCertificates(db, people[0]);
		const own = mine.find((c) => c.contestTitle === contest.title);
		if (!own) throw new Error('no certificate');
		expect(await certificateForOwner(db, own.id, people[0])).toMatchObject({ code: own.code });
		expect(await certificateForOwner(db, own.id, people[1])).toBeNull();
		await setCertificateRevoked(db, contest.id, own.id, true);
		expect(await certificateForOwner(db, own.id, people[0])).toBeNull();
		expect((await myCertificates(db, people[0])).some((c) => c.id === own.id)).toBe(false);
	});

	it('prints a contest in pages without revoked certificates', async () => {
		const { contest } = await essayContest(true);
		await issueEssayCertificates(db, contest.id, { participation: true, issuedBy: null });
		const firstPage = await certificatesToPrint(db, contest.id, {}, { offset: 0, limit: 3 });
		const rest = await certificatesToPrint(db, contest.id, {}, { offset: 3, limit: 3 });
		expect(firstPage).toHaveLength(3);
		expect(rest).toHaveLength(2);
		expect(new Set([...firstPage, ...rest].map((c) => c.id)).size).toBe(5);
		await setCertificateRevoked(db, contest.id, firstPage[0].id, true);
		const awards = await certificatesToPrint(
			db,
			contest.id,
			{ kind: 'essay_award' },
			{ offset: 0, limit: 10 }
		);
		expect(awards).toHaveLength(1);
	});

	it('lists for organizers only contests with something published, with the number issued', async () => {
		const hidden = await essayContest(false);
		const shown = await essayContest(true);
		const { contest: quiz } = await quizRound('published');
		const { contest: frozenQuiz } = await quizRound('frozen');
		await issueEssayCertificates(db, shown.contest.id, { participation: true, issuedBy: null });
		const listed = await contestsWithPublishedResults(db);
		const ids = listed.map((c) => c.id);
		expect(ids).toContain(shown.contest.id);
		expect(ids).toContain(quiz.id);
		expect(ids).not.toContain(hidden.contest.id);
		expect(ids).not.toContain(frozenQuiz.id);
		expect(listed.find((c) => c.id === shown.contest.id)?.issued).toBe(5);
	});
});

describe('collective prizes and award order', () => {
	it('prints a certificate to each awarded unit, and a contest in award order: first prize first, then by given name', async () => {
		const { contest, entries: made } = await essayContest(true);
		await db.insert(awardTiers).values([
			{ contestId: contest.id, position: 1, name: 'Nhất', count: 1 },
			{ contestId: contest.id, position: 2, name: 'Nhì', count: 1 },
			{ contestId: contest.id, position: 4, name: 'Khuyến khích', count: 3 }
		]);
		// "Khuyến khích" to the first author, "Nhất" to the third: the tier decides, not the entry's number
		await db.delete(entryAwards).where(eq(entryAwards.contestId, contest.id));
		await db.insert(entryAwards).values([
			{ entryId: made[0], contestId: contest.id, tier: 'Khuyến khích' },
			{ entryId: made[1], contestId: contest.id, tier: 'Khuyến khích' },
			{ entryId: made[2], contestId: contest.id, tier: 'Nhất' }
		]);
		await db
			.insert(unitAwards)
			.values({ contestId: contest.id, unitId: branch, title: 'Giải tập thể xuất sắc' });

		const issued = await issueEssayCertificates(db, contest.id, { participation: true, issuedBy: null });
		expect(issued).toMatchObject({ ok: true, value: { created: 7 } });
		const printed = await certificatesToPrint(db, contest.id, {}, { offset: 0, limit: 20 });
		expect(printed.map((c) => [c.kind, c.fullName, c.awardText])).toEqual([
			['essay_award', 'Phạm Đức Cường', 'Giải Nhất'],
			// same tier: by given name, Ánh before Bình (not after Z, as a C collation would put it)
			['essay_award', 'Trần Văn Ánh', 'Giải Khuyến khích'],
			['essay_award', 'Lê Thị Bình', 'Giải Khuyến khích'],
			['unit_award', 'Đơn vị CB1', 'Giải tập thể xuất sắc'],
			['participation', 'Trần Văn Ánh', 'Đã tham gia'],
			['participation', 'Lê Thị Bình', 'Đã tham gia'],
			['participation', 'Phạm Đức Cường', 'Đã tham gia']
		]);
		// the unit's certificate names the unit and its parent, no person, and verifies like any other
		const unitCert = printed[3];
		expect(unitCert.unitName).toBe('Đơn vị CROOT');
		const [row] = await db.select().from(certificates).where(eq(certificates.id, unitCert.id));
		expect(row).toMatchObject({ userId: null, unitId: branch });
		expect(await verifyCertificate(db, formatCertificateCode(unitCert.code))).toMatchObject({
			status: 'valid',
			certificate: { kind: 'unit_award', fullName: 'Đơn vị CB1', awardText: 'Giải tập thể xuất sắc' }
		});
		// issuing again keeps the unit's code: one certificate per awarded unit
		await issueEssayCertificates(db, contest.id, { participation: true, issuedBy: null });
		const units = await db
			.select()
			.from(certificates)
			.where(and(eq(certificates.contestId, contest.id), eq(certificates.kind, 'unit_award')));
		expect(units.map((u) => u.code)).toEqual([unitCert.code]);
	});

	it("refuses a collective certificate that also names a person, or a person's certificate without one", async () => {
		const { contest } = await essayContest(true);
		const base = {
			code: newCertificateCode(),
			contestId: contest.id,
			fullName: 'Đơn vị CB1',
			unitName: '',
			contestTitle: contest.title,
			awardText: 'Giải tập thể',
			issuerName: 'x'
		};
		await expect(
			db.insert(certificates).values({ ...base, kind: 'unit_award', unitId: branch, userId: people[0] })
		).rejects.toThrow();
		await expect(db.insert(certificates).values({ ...base, kind: 'participation' })).rejects.toThrow();
	});

	it('prints quiz award certificates by rank', async () => {
		const { round } = await quizRound('published');
		await issueQuizRoundCertificates(db, round.id, { top: 10, participation: false, issuedBy: null });
		const printed = await certificatesToPrint(
			db,
			round.contestId,
			{ kind: 'quiz_award' },
			{ offset: 0, limit: 20 }
		);
		const ranks = printed.map((c) => Number(/(\d+)$/.exec(c.awardText)?.[1]));
		expect(ranks.length).toBeGreaterThan(1);
		expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
	});
});
