/**
 * A contest's certificate template (certificate_settings): the heading (Party or national), the issuing body, the
 * decision number, the place, the signer, an award title ("Giấy chứng nhận" or "Giấy khen") and a logo. Read at
 * print time; a contest without a row prints with the defaults below.
 */
import { eq } from 'drizzle-orm';
import { PDFDocument } from 'pdf-lib';
import type { CertificateSettingsInput } from '$lib/schemas/certificates';
import { recordAudit } from '../audit';
import { readConfig } from '../config';
import type { Db } from '../db/client';
import { certificateSettings, contests, type CertificateSettingsRow } from '../db/schema';
import { type FileStore, readWhole } from '../files/store';
import { fail, ok, type Result } from '../result';

export const LOGO_MAX_BYTES = 1024 * 1024;

export type LogoType = 'png' | 'jpeg';

/** What the organizer's form shows: the saved values, or the defaults. */
export type CertificateSettings = CertificateSettingsInput & {
	logo: { sha256: string; type: LogoType } | null;
};

export const DEFAULT_SETTINGS: CertificateSettings = {
	heading: 'party',
	awardTitle: 'certificate',
	issuerLines: '',
	decisionNumber: '',
	place: '',
	signerCapacity: 'TM. BAN TỔ CHỨC',
	signerTitle: 'TRƯỞNG BAN',
	signerName: '',
	logo: null
};

function fromRow(row: CertificateSettingsRow): CertificateSettings {
	return {
		heading: row.heading,
		awardTitle: row.awardTitle,
		issuerLines: row.issuerLines,
		decisionNumber: row.decisionNumber,
		place: row.place,
		signerCapacity: row.signerCapacity,
		signerTitle: row.signerTitle,
		signerName: row.signerName,
		logo: row.logoSha256 && row.logoType ? { sha256: row.logoSha256, type: row.logoType as LogoType } : null
	};
}

/** The defaults, with CERTIFICATE_PLACE (the deployment's city) as the place. */
function defaultText(): CertificateSettingsInput {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars -- everything but the logo
	const { logo, ...text } = DEFAULT_SETTINGS;
	return { ...text, place: readConfig().certificatePlace ?? '' };
}

/** The contest's template, or the defaults when none was saved. */
export async function certificateSettingsOf(db: Db, contestId: number): Promise<CertificateSettings> {
	const [row] = await db
		.select()
		.from(certificateSettings)
		.where(eq(certificateSettings.contestId, contestId));
	return row ? fromRow(row) : { ...defaultText(), logo: null };
}

export type SettingsError = 'not_found';

async function upsertSettings(
	db: Db,
	contestId: number,
	values: Partial<typeof certificateSettings.$inferInsert>,
	action: string,
	actorId: number | null
): Promise<Result<object, SettingsError>> {
	return db.transaction(async (tx) => {
		const [contest] = await tx.select({ id: contests.id }).from(contests).where(eq(contests.id, contestId));
		if (!contest) return fail('not_found');
		const [before] = await tx
			.select()
			.from(certificateSettings)
			.where(eq(certificateSettings.contestId, contestId));
		const now = new Date();
		const row = { ...values, updatedBy: actorId, updatedAt: now };
		const [after] = await tx
			.insert(certificateSettings)
			.values({ ...defaultText(), ...row, contestId })
			.onConflictDoUpdate({ target: certificateSettings.contestId, set: row })
			.returning();
		// what is printed on an official document, and who set it, leaves a trace
		await recordAudit(tx, {
			actorId,
			contestId,
			entity: 'certificate_settings',
			entityId: contestId,
			action,
			before: before ? fromRow(before) : null,
			after: fromRow(after),
			at: now
		});
		return ok();
	});
}

/** Saves the template's text (already validated by certificateSettingsSchema); the logo is kept. */
export function saveCertificateSettings(
	db: Db,
	contestId: number,
	input: CertificateSettingsInput,
	actorId: number | null = null
) {
	return upsertSettings(db, contestId, { ...input }, 'certificate.settings', actorId);
}

export type LogoError = 'empty' | 'too_large' | 'not_image' | 'unreadable' | SettingsError;

/** PNG or JPEG by content (the first bytes), whatever the file's name or the browser's declared type. */
export function logoTypeOf(bytes: Uint8Array): LogoType | null {
	const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
	if (bytes.length >= png.length && png.every((b, i) => bytes[i] === b)) return 'png';
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
	return null;
}

/** Checks an uploaded logo: size, then the magic bytes, then that the PDF library can actually draw it. */
export async function checkLogo(bytes: Uint8Array): Promise<Result<{ type: LogoType }, LogoError>> {
	if (bytes.length === 0) return fail('empty');
	if (bytes.length > LOGO_MAX_BYTES) return fail('too_large');
	const type = logoTypeOf(bytes);
	if (!type) return fail('not_image');
	try {
		const doc = await PDFDocument.create();
		await (type === 'png' ? doc.embedPng(bytes) : doc.embedJpg(bytes));
	} catch {
		return fail('unreadable');
	}
	return ok({ type });
}

/** Stores a checked logo in the file store and points the contest's template at it. */
export async function setCertificateLogo(
	db: Db,
	store: FileStore,
	contestId: number,
	bytes: Uint8Array,
	actorId: number | null = null
): Promise<Result<object, LogoError>> {
	const checked = await checkLogo(bytes);
	if (!checked.ok) return checked;
	const stored = await store.put(bytes);
	return upsertSettings(
		db,
		contestId,
		{ logoSha256: stored.sha256, logoType: checked.type },
		'certificate.logo',
		actorId
	);
}

export function removeCertificateLogo(db: Db, contestId: number, actorId: number | null = null) {
	return upsertSettings(db, contestId, { logoSha256: null, logoType: null }, 'certificate.logo', actorId);
}

/** What the PDF needs: the template with the logo's bytes (none if the store lost it: the page prints without). */
export type PrintTemplate = Omit<CertificateSettings, 'logo'> & {
	logo: { bytes: Uint8Array; type: LogoType } | null;
};

export async function printTemplateOf(db: Db, store: FileStore, contestId: number): Promise<PrintTemplate> {
	const settings = await certificateSettingsOf(db, contestId);
	const bytes = settings.logo ? await readWhole(store, settings.logo.sha256) : null;
	return { ...settings, logo: bytes && settings.logo ? { bytes, type: settings.logo.type } : null };
}
