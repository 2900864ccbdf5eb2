import { sql } from 'drizzle-orm';
import {
	check,
	index,
	integer,
	pgEnum,
	pgTable,
	smallint,
	text,
	timestamp,
	unique
} from 'drizzle-orm/pg-core';
import { entries } from './essays';
import { contests, rounds } from './quiz';
import { units } from './units';
import { users } from './users';

/** unit_award: a collective prize (unit_awards), printed to a unit, not a person */
export const certificateKind = pgEnum('certificate_kind', [
	'essay_award',
	'quiz_award',
	'participation',
	'unit_award'
]);

/**
 * An issued certificate. The text printed on it is a snapshot taken when it was issued (name, unit, contest, award),
 * so a later rename does not change what a printed copy and its verification page say. One certificate per
 * subject: (kind, contest, round, entry, person, unit) with NULLS NOT DISTINCT, so issuing twice keeps the same code.
 * A collective prize's certificate names a unit (`unit_id`, the unit's name in `full_name`) and no person.
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
		/** the person; null on a collective prize's certificate */
		userId: integer().references(() => users.id, { onDelete: 'cascade' }),
		/** collective prizes: the awarded unit */
		unitId: integer().references(() => units.id, { onDelete: 'cascade' }),
		/** the person's or, for a collective prize, the unit's name */
		fullName: text().notNull(),
		unitName: text().notNull(),
		contestTitle: text().notNull(),
		/** "Giải Nhất", "Giải cá nhân xuất sắc – hạng 3", "Đã tham gia" */
		awardText: text().notNull(),
		/** the entry's title or the round's name; '' when none */
		detail: text().notNull().default(''),
		/** printed at the top: the contest's eligible unit, or the application's name */
		issuerName: text().notNull(),
		/** print order within a kind: the award tier's position (essays) or the rank (quiz); null: by name */
		awardRank: smallint(),
		issuedBy: integer().references(() => users.id, { onDelete: 'set null' }),
		issuedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		revokedAt: timestamp({ withTimezone: true })
	},
	(t) => [
		unique('certificates_code_unique').on(t.code),
		unique('certificates_subject_unique')
			.on(t.kind, t.contestId, t.roundId, t.entryId, t.userId, t.unitId)
			.nullsNotDistinct(),
		index('certificates_user_idx').on(t.userId, t.issuedAt),
		index('certificates_contest_idx').on(t.contestId, t.roundId, t.kind),
		check('certificates_code_format', sql`${t.code} ~ '^[0-9A-HJKMNP-TV-Z]{10}$'`),
		// text, not the enum: a value added by a migration cannot be used in the same transaction
		check(
			'certificates_recipient',
			sql`case when ${t.kind}::text = 'unit_award' then ${t.unitId} is not null and ${t.userId} is null
				else ${t.userId} is not null and ${t.unitId} is null end`
		)
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

/** The heading of an official document: a Party body's ("ĐẢNG CỘNG SẢN VIỆT NAM") or a state body's (the national name and motto). */
export const certificateHeading = pgEnum('certificate_heading', ['party', 'national']);
/** What an award certificate is titled: "Giấy chứng nhận" or "Giấy khen" (participation is always the former). */
export const certificateAwardTitle = pgEnum('certificate_award_title', ['certificate', 'commendation']);

/**
 * How a contest's certificates are printed, set by its organizer: the heading, the issuing body, the decision they
 * are issued under, the place, the signer and a logo. Read at print time (the layout); the facts a code verifies
 * (name, award, contest, date) are the certificate's own snapshot. No row: the defaults of certificates/settings.ts.
 */
export const certificateSettings = pgTable(
	'certificate_settings',
	{
		contestId: integer()
			.primaryKey()
			.references(() => contests.id, { onDelete: 'cascade' }),
		heading: certificateHeading().notNull().default('party'),
		awardTitle: certificateAwardTitle().notNull().default('certificate'),
		/** the issuing body, top line first, one per line: "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH\nBAN TỔ CHỨC CUỘC THI" */
		issuerLines: text().notNull().default(''),
		/** "125-QĐ/BTC" (Party) or "125/QĐ-BTC" (state); '' prints none */
		decisionNumber: text().notNull().default(''),
		/** "Hà Nội": printed before the date */
		place: text().notNull().default(''),
		/** "TM. BAN TỔ CHỨC" */
		signerCapacity: text().notNull().default(''),
		/** "TRƯỞNG BAN" */
		signerTitle: text().notNull().default(''),
		signerName: text().notNull().default(''),
		/** the logo in the file store, by content; checked PNG or JPEG on upload */
		logoSha256: text(),
		logoType: text(),
		updatedBy: integer().references(() => users.id, { onDelete: 'set null' }),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		check(
			'certificate_settings_logo',
			sql`(${t.logoSha256} is null and ${t.logoType} is null)
				or (${t.logoSha256} ~ '^[0-9a-f]{64}$' and ${t.logoType} in ('png', 'jpeg'))`
		),
		check(
			'certificate_settings_lengths',
			sql`length(${t.issuerLines}) <= 400 and length(${t.decisionNumber}) <= 60 and length(${t.place}) <= 60
				and length(${t.signerCapacity}) <= 80 and length(${t.signerTitle}) <= 80 and length(${t.signerName}) <= 80`
		)
	]
);

export type CertificateSettingsRow = typeof certificateSettings.$inferSelect;
export type CertificateHeading = (typeof certificateHeading.enumValues)[number];
export type CertificateAwardTitle = (typeof certificateAwardTitle.enumValues)[number];
