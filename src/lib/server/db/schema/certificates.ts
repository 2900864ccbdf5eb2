import { sql } from 'drizzle-orm';
import { check, index, integer, pgEnum, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { entries } from './essays';
import { contests, rounds } from './quiz';
import { users } from './users';

export const certificateKind = pgEnum('certificate_kind', ['essay_award', 'quiz_award', 'participation']);

/**
 * An issued certificate. The text printed on it is a snapshot taken when it was issued (name, unit, contest, award),
 * so a later rename does not change what a printed copy and its verification page say. One certificate per
 * subject: (kind, contest, round, entry, person) with NULLS NOT DISTINCT, so issuing twice keeps the same code.
 */
export const certificates = pgTable(
	'certificates',
	{
		id: integer().primaryKey().generatedAlwaysAsIdentity(),
		/** 10 characters of Crockford base32 (50 random bits): typed from paper or read from the QR code */
		code: text().notNull(),
		kind: certificateKind().notNull(),
		contestId: integer()
			.notNull()
			.references(() => contests.id, { onDelete: 'cascade' }),
		/** quiz certificates: the round they are for */
		roundId: integer().references(() => rounds.id, { onDelete: 'cascade' }),
		/** essay awards: the awarded entry (an author may win with two entries) */
		entryId: integer().references(() => entries.id, { onDelete: 'cascade' }),
		userId: integer()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		fullName: text().notNull(),
		unitName: text().notNull(),
		contestTitle: text().notNull(),
		/** "Giải Nhất", "Giải cá nhân xuất sắc – hạng 3", "Đã tham gia" */
		awardText: text().notNull(),
		/** the entry's title or the round's name; '' when none */
		detail: text().notNull().default(''),
		/** printed at the top: the contest's eligible unit, or the application's name */
		issuerName: text().notNull(),
		issuedBy: integer().references(() => users.id, { onDelete: 'set null' }),
		issuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		revokedAt: timestamp({ withTimezone: true })
	},
	(t) => [
		unique('certificates_code_unique').on(t.code),
		unique('certificates_subject_unique')
			.on(t.kind, t.contestId, t.roundId, t.entryId, t.userId)
			.nullsNotDistinct(),
		index('certificates_user_idx').on(t.userId, t.issuedAt),
		index('certificates_contest_idx').on(t.contestId, t.roundId, t.kind),
		check('certificates_code_format', sql`${t.code} ~ '^[0-9A-HJKMNP-TV-Z]{10}$'`)
	]
);

export type Certificate = typeof certificates.$inferSelect;
export type CertificateKind = (typeof certificateKind.enumValues)[number];

/**
 * A code that was printed and later replaced (a published result corrected, or the printed text changed): written
 * by a trigger whenever a certificate's code changes, so the old code verifies as "replaced by …", never "not
 * found".
 */
export const replacedCertificateCodes = pgTable('replaced_certificate_codes', {
	code: text().primaryKey(),
	certificateId: integer()
		.notNull()
		.references(() => certificates.id, { onDelete: 'cascade' }),
	fullName: text().notNull(),
	awardText: text().notNull(),
	detail: text().notNull(),
	issuedAt: timestamp({ withTimezone: true }).notNull(),
	replacedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});
