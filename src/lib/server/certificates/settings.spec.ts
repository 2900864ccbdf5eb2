import fs from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateSettingsSchema } from '$lib/schemas/certificates';
import { auditOfContest } from '../audit';
import type { Db, DbHandle } from '../db/client';
import { certificateSettings, contests } from '../db/schema';
import { PostgresStore } from '../files/postgres-store';
import { createTestDb } from '../testing/db';
import {
	certificateSettingsOf,
	checkLogo,
	DEFAULT_SETTINGS,
	LOGO_MAX_BYTES,
	printTemplateOf,
	removeCertificateLogo,
	saveCertificateSettings,
	setCertificateLogo
} from './settings';

let handle: DbHandle;
let db: Db;
let store: PostgresStore;
let logo: Uint8Array;

beforeAll(async () => {
	handle = await createTestDb();
	db = handle.db;
	store = new PostgresStore(db);
	logo = new Uint8Array(
		await fs.readFile(new URL('../../../../tests/fixtures/certificate-logo.png', import.meta.url))
	);
});
afterAll(() => handle.close());

async function contest() {
	const [row] = await db
		.insert(contests)
		.values({ kind: 'essay', title: 'Cuộc thi viết về Đảng bộ tỉnh', published: true })
		.returning();
	return row.id;
}

const typed = {
	heading: 'national',
	awardTitle: 'commendation',
	// as typed: NFD from a Word copy, stray spaces, an empty line
	issuerLines: '  Sở Giáo dục và Đào tạo \n\n Ban Tổ chức   Hội thi'.normalize('NFD'),
	decisionNumber: ' 125/QĐ-BTC ',
	place: 'Hà Nội',
	signerCapacity: 'TM. BAN TỔ CHỨC',
	signerTitle: 'TRƯỞNG BAN',
	signerName: 'Nguyễn Văn Thành'
};

describe('certificate template settings', () => {
	it('gives the defaults to a contest that has saved none', async () => {
		const id = await contest();
		const settings = await certificateSettingsOf(db, id);
		expect(settings).toMatchObject({
			heading: 'party',
			awardTitle: 'certificate',
			signerCapacity: 'TM. BAN TỔ CHỨC',
			signerTitle: 'TRƯỞNG BAN',
			logo: null
		});
	});

	it('saves what the organizer typed, cleaned to NFC, and leaves a trace', async () => {
		const id = await contest();
		const parsed = certificateSettingsSchema.safeParse(typed);
		if (!parsed.success) throw parsed.error;
		expect(await saveCertificateSettings(db, id, parsed.data, null)).toEqual({ ok: true });
		const saved = await certificateSettingsOf(db, id);
		expect(saved).toMatchObject({
			heading: 'national',
			awardTitle: 'commendation',
			issuerLines: 'Sở Giáo dục và Đào tạo\nBan Tổ chức Hội thi',
			decisionNumber: '125/QĐ-BTC'
		});
		expect(saved.issuerLines).toBe(saved.issuerLines.normalize('NFC'));
		// saving again changes the one row
		await saveCertificateSettings(db, id, { ...parsed.data, signerName: 'Trần Thị Ưng' }, null);
		const rows = await db.select().from(certificateSettings).where(eq(certificateSettings.contestId, id));
		expect(rows.map((r) => r.signerName)).toEqual(['Trần Thị Ưng']);
		const trail = await auditOfContest(db, id, { entity: 'certificate_settings', entityId: id });
		expect(trail.map((a) => a.action)).toEqual(['certificate.settings', 'certificate.settings']);
	});

	it('answers each wrong field with its own Vietnamese message', () => {
		const bad = certificateSettingsSchema.safeParse({
			...typed,
			heading: 'royal',
			issuerLines: 'Một\nHai\nBa\nBốn',
			decisionNumber: 'QĐ-BTC',
			signerName: 'x'.repeat(81)
		});
		expect(bad.success).toBe(false);
		const byField = Object.fromEntries((bad.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));
		expect(byField).toEqual({
			heading: 'Hãy chọn kiểu tiêu đề.',
			issuerLines: 'Tên cơ quan ban hành có tối đa 3 dòng.',
			decisionNumber: 'Số quyết định phải có chữ số, ví dụ 125/QĐ-BTC.',
			signerName: expect.stringContaining('80')
		});
	});

	it('is refused by the database beyond its lengths, and for a contest that does not exist', async () => {
		const id = await contest();
		await expect(
			db.insert(certificateSettings).values({ contestId: id, signerName: 'x'.repeat(81) })
		).rejects.toThrow();
		expect(await saveCertificateSettings(db, 999_999, { ...DEFAULT_SETTINGS }, null)).toEqual({
			ok: false,
			error: 'not_found'
		});
	});
});

describe('certificate logo', () => {
	it('checks an upload by its content: PNG or JPEG magic bytes, the size, and that it can be drawn', async () => {
		expect(await checkLogo(logo)).toEqual({ ok: true, type: 'png' });
		expect(await checkLogo(new Uint8Array())).toEqual({ ok: false, error: 'empty' });
		// a text file named logo.png
		expect(await checkLogo(new TextEncoder().encode('<svg onload="alert(1)"/>'))).toEqual({
			ok: false,
			error: 'not_image'
		});
		// a PNG signature followed by garbage
		const fake = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5]);
		expect(await checkLogo(fake)).toEqual({ ok: false, error: 'unreadable' });
		const jpegHead = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0]);
		expect(await checkLogo(jpegHead)).toEqual({ ok: false, error: 'unreadable' });
		const huge = new Uint8Array(LOGO_MAX_BYTES + 1);
		huge.set(logo.subarray(0, 8));
		expect(await checkLogo(huge)).toEqual({ ok: false, error: 'too_large' });
	});

	it('stores the logo in the file store and prints it; removing it prints without', async () => {
		const id = await contest();
		expect(await setCertificateLogo(db, store, id, logo, null)).toEqual({ ok: true });
		const template = await printTemplateOf(db, store, id);
		expect(template.logo?.type).toBe('png');
		expect(Buffer.from(template.logo!.bytes).equals(Buffer.from(logo))).toBe(true);
		// the text settings keep their defaults when only a logo was set
		expect(template.signerCapacity).toBe('TM. BAN TỔ CHỨC');
		expect(await setCertificateLogo(db, store, id, new Uint8Array([1, 2, 3]), null)).toEqual({
			ok: false,
			error: 'not_image'
		});
		expect((await certificateSettingsOf(db, id)).logo?.type).toBe('png');
		await removeCertificateLogo(db, id, null);
		expect((await printTemplateOf(db, store, id)).logo).toBeNull();
	});
});
