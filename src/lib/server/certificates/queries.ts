/**
 * Reading certificates: a person's own, an organizer's view of a contest, pages of them for one PDF, and the public
 * verification of one code. Only the verification answers without a session, and it answers for one exact code.
 */
import { and, asc, eq, gt, isNotNull, isNull, desc, type SQL, sql } from 'drizzle-orm';
import { contestsInScope, type OrganizerScope } from '../auth/scope';
import type { Db } from '../db/client';
import {
	certificates,
	contests,
	essaySettings,
	replacedCertificateCodes,
	rounds,
	type Certificate,
	type CertificateKind
} from '../db/schema';
import { parseCertificateCode } from './codes';

/** What is printed on a certificate. */
export type CertificateText = Pick<
	Certificate,
	| 'id'
	| 'code'
	| 'kind'
	| 'contestId'
	| 'fullName'
	| 'unitName'
	| 'contestTitle'
	| 'awardText'
	| 'detail'
	| 'issuerName'
	| 'issuedAt'
>;

const printed = {
	id: certificates.id,
	code: certificates.code,
	kind: certificates.kind,
	contestId: certificates.contestId,
	fullName: certificates.fullName,
	unitName: certificates.unitName,
	contestTitle: certificates.contestTitle,
	awardText: certificates.awardText,
	detail: certificates.detail,
	issuerName: certificates.issuerName,
	issuedAt: certificates.issuedAt
};

/** "Giấy chứng nhận của tôi": valid certificates only (a revoked one is no longer the person's to print). */
export async function myCertificates(db: Db, userId: number): Promise<CertificateText[]> {
	return db
		.select(printed)
		.from(certificates)
		.where(and(eq(certificates.userId, userId), isNull(certificates.revokedAt)))
		.orderBy(desc(certificates.issuedAt), asc(certificates.id));
}

/** One certificate for its owner: null unless it belongs to `userId` and is valid. */
export async function certificateForOwner(
	db: Db,
	certificateId: number,
	userId: number
): Promise<CertificateText | null> {
	const [row] = await db
		.select(printed)
		.from(certificates)
		.where(
			and(eq(certificates.id, certificateId), eq(certificates.userId, userId), isNull(certificates.revokedAt))
		);
	return row ?? null;
}

/** One certificate of a contest for an organizer (revoked ones too: they print, and verify as revoked). */
export async function certificateOfContest(
	db: Db,
	contestId: number,
	certificateId: number
): Promise<CertificateText | null> {
	const [row] = await db
		.select(printed)
		.from(certificates)
		.where(and(eq(certificates.id, certificateId), eq(certificates.contestId, contestId)));
	return row ?? null;
}

export type CertificateFilter = { roundId?: number | null; kind?: CertificateKind };

function filterOf(contestId: number, filter: CertificateFilter) {
	return and(
		eq(certificates.contestId, contestId),
		filter.roundId === undefined
			? undefined
			: filter.roundId === null
				? isNull(certificates.roundId)
				: eq(certificates.roundId, filter.roundId),
		filter.kind ? eq(certificates.kind, filter.kind) : undefined
	);
}

/** Pages per bulk PDF: one file holds at most this many, so a download's memory stays bounded (~75 MB peak). */
export const PRINT_PART = 500;

// both cases: lower() leaves non-ASCII letters alone under the C collation
const MARKED =
	'àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐ';
const BASE =
	'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydaaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd';

/**
 * A name folded to its base letters ("Ánh" → "anh"): the same order on every database whatever its collation
 * (PGlite and a server's C locale put "Á" after "Z").
 */
function folded(name: SQL) {
	return sql`translate(lower(${name}), ${MARKED}, ${BASE})`;
}

/**
 * Award order, as a ceremony hands them out: prizes to people first, then collective prizes, then participation;
 * within those by round, then first prize first (the tier's position or the rank), then by given name as Vietnamese
 * lists are sorted (the last word of the name: "Nguyễn Văn An" under A), then the full name.
 */
const printOrder = [
	sql`case ${certificates.kind} when 'participation' then 2 when 'unit_award' then 1 else 0 end`,
	sql`${rounds.position} asc nulls first`,
	sql`${certificates.awardRank} asc nulls last`,
	// names are stored with single spaces (cleanText): the given name is what follows the last one
	sql`${folded(sql`regexp_replace(${certificates.fullName}, '^.* ', '')`)} collate "C"`,
	sql`${folded(sql`${certificates.fullName}`)} collate "C"`,
	asc(certificates.id)
];

/** One part of a contest's valid certificates in award order: feeds one PDF. */
export async function certificatesToPrint(
	db: Db,
	contestId: number,
	filter: CertificateFilter,
	page: { offset: number; limit: number }
): Promise<CertificateText[]> {
	return db
		.select(printed)
		.from(certificates)
		.leftJoin(rounds, eq(rounds.id, certificates.roundId))
		.where(and(filterOf(contestId, filter), isNull(certificates.revokedAt)))
		.orderBy(...printOrder)
		.offset(page.offset)
		.limit(page.limit);
}

export type ContestCertificateRow = CertificateText & { revokedAt: Date | null; roundName: string | null };

/** The organizer's list, one page at a time (keyset on id). */
export async function contestCertificates(
	db: Db,
	contestId: number,
	filter: CertificateFilter,
	page: { afterId: number; limit: number }
): Promise<ContestCertificateRow[]> {
	return db
		.select({ ...printed, revokedAt: certificates.revokedAt, roundName: rounds.name })
		.from(certificates)
		.leftJoin(rounds, eq(rounds.id, certificates.roundId))
		.where(and(filterOf(contestId, filter), gt(certificates.id, page.afterId)))
		.orderBy(asc(certificates.id))
		.limit(page.limit);
}

export type CertificateCount = {
	roundId: number | null;
	kind: CertificateKind;
	valid: number;
	revoked: number;
};

export async function certificateCounts(db: Db, contestId: number): Promise<CertificateCount[]> {
	return db
		.select({
			roundId: certificates.roundId,
			kind: certificates.kind,
			valid: sql<number>`(count(*) filter (where ${certificates.revokedAt} is null))::int`,
			revoked: sql<number>`(count(*) filter (where ${certificates.revokedAt} is not null))::int`
		})
		.from(certificates)
		.where(eq(certificates.contestId, contestId))
		.groupBy(certificates.roundId, certificates.kind)
		.orderBy(asc(certificates.roundId), asc(certificates.kind));
}

export type IssuableContest = {
	id: number;
	kind: 'quiz' | 'essay';
	title: string;
	issued: number;
};

/** Contests with something published: essay results, or at least one quiz round's results. */
export async function contestsWithPublishedResults(
	db: Db,
	scope?: OrganizerScope
): Promise<IssuableContest[]> {
	return db
		.select({
			id: contests.id,
			kind: contests.kind,
			title: contests.title,
			issued: sql<number>`(select count(*) from ${certificates} c where c.contest_id = ${contests.id} and c.revoked_at is null)::int`
		})
		.from(contests)
		.leftJoin(essaySettings, eq(essaySettings.contestId, contests.id))
		.where(
			and(
				sql`(${isNotNull(essaySettings.resultsPublishedAt)}) or exists (select 1 from ${rounds} r where r.contest_id = ${contests.id} and r.results_state = 'published' and not r.practice)`,
				scope ? contestsInScope(scope) : undefined
			)
		)
		.orderBy(desc(contests.id));
}

/** What the organizer's certificate page needs to know of a contest. */
export async function contestForCertificates(db: Db, contestId: number) {
	const [contest] = await db
		.select({
			id: contests.id,
			kind: contests.kind,
			title: contests.title,
			essayPublishedAt: essaySettings.resultsPublishedAt
		})
		.from(contests)
		.leftJoin(essaySettings, eq(essaySettings.contestId, contests.id))
		.where(eq(contests.id, contestId));
	if (!contest) return null;
	const contestRounds =
		contest.kind === 'quiz'
			? await db
					.select({ id: rounds.id, name: rounds.name, state: rounds.resultsState })
					.from(rounds)
					.where(and(eq(rounds.contestId, contestId), eq(rounds.practice, false)))
					.orderBy(asc(rounds.position))
			: [];
	return { ...contest, rounds: contestRounds };
}

export type Verification =
	| { status: 'not_found' }
	| { status: 'revoked'; revokedAt: Date }
	| { status: 'replaced'; replacedAt: Date; replacedBy: string; awardText: string }
	| {
			status: 'valid';
			certificate: Omit<CertificateText, 'id' | 'contestId'>;
	  };

/**
 * The public check of one code. A code that cannot be one is answered "not found" without a query; a revoked
 * certificate shows only that it was revoked and when.
 */
export async function verifyCertificate(db: Db, input: string): Promise<Verification> {
	const code = parseCertificateCode(input);
	if (!code) return { status: 'not_found' };
	const [row] = await db
		.select({ ...printed, revokedAt: certificates.revokedAt })
		.from(certificates)
		.where(eq(certificates.code, code));
	if (!row) return replacedCode(db, code);
	if (row.revokedAt) return { status: 'revoked', revokedAt: row.revokedAt };
	return {
		status: 'valid',
		certificate: {
			code: row.code,
			kind: row.kind,
			fullName: row.fullName,
			unitName: row.unitName,
			contestTitle: row.contestTitle,
			awardText: row.awardText,
			detail: row.detail,
			issuerName: row.issuerName,
			issuedAt: row.issuedAt
		}
	};
}

/**
 * Verification with a read replica: a code the replica does not know may only be lagging behind (a certificate issued a
 * moment ago), and "not found" tells whoever holds the paper that it is forged, so that one answer is asked again of
 * the primary. Lookups are rate-limited per address, so unknown codes cannot flood the primary.
 */
export async function verifyCertificateWithFallback(
	replica: Db,
	primary: Db,
	input: string
): Promise<Verification> {
	const answer = await verifyCertificate(replica, input);
	if (answer.status !== 'not_found' || replica === primary) return answer;
	return verifyCertificate(primary, input);
}

/**
 * A code printed once and later replaced (a corrected result): which code replaces it, when, and the award the old
 * paper states (no name: the new code's own check shows whose it is).
 */
async function replacedCode(db: Db, code: string): Promise<Verification> {
	const [row] = await db
		.select({
			replacedAt: replacedCertificateCodes.replacedAt,
			replacedBy: certificates.code,
			awardText: replacedCertificateCodes.awardText
		})
		.from(replacedCertificateCodes)
		.innerJoin(certificates, eq(certificates.id, replacedCertificateCodes.certificateId))
		.where(eq(replacedCertificateCodes.code, code));
	return row ? { status: 'replaced', ...row } : { status: 'not_found' };
}
