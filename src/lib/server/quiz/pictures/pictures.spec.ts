import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/client';
import { questions } from '../../db/schema';
import { DiskStore } from '../../files/disk-store';
import { PostgresStore } from '../../files/postgres-store';
import { type FileStore, readWhole } from '../../files/store';
import { createTestDb } from '../../testing/db';
import { makeUnit, makeUser } from '../../testing/fixtures';
import { makeQuizRound } from '../../testing/quiz-fixtures';
import { attemptView } from '../attempt-view';
import { startAttempt } from '../attempts';
import { createQuestion, editQuestion, getQuestion } from '../bank';
import { attemptPicture } from './access';
import { MAX_PICTURE_BYTES, readLimited, storePicture } from './pictures';

let handle: DbHandle;
let store: FileStore;
let folder: string;

beforeAll(async () => {
	handle = await createTestDb();
	folder = await fs.mkdtemp(path.join(os.tmpdir(), 'pictures-'));
	// the store each database uses in the app: files on disk with PGlite, in the database with PostgreSQL
	store = process.env.TEST_DATABASE_URL ? new PostgresStore(handle.db) : new DiskStore(folder);
});
afterAll(async () => {
	await handle?.close();
	await fs.rm(folder, { recursive: true, force: true });
});

const picture = (width: number, height: number, format: 'png' | 'jpeg' | 'webp' = 'png', red = 200) =>
	sharp({ create: { width, height, channels: 3, background: { r: red, g: 80, b: 40 } } })
		.toFormat(format)
		.toBuffer()
		.then((b) => new Uint8Array(b));

async function stored(bytes: Uint8Array) {
	const result = await storePicture(handle.db, store, bytes);
	if (!result.ok) throw new Error(result.error);
	return result.value;
}

describe('checking an uploaded picture', () => {
	it('accepts a PNG named .jpg as the PNG it is', async () => {
		const file = new File([await picture(40, 30)], 'chan-dung.jpg', { type: 'image/jpeg' });
		const result = await storePicture(handle.db, store, new Uint8Array(await file.arrayBuffer()));
		expect(result).toMatchObject({ ok: true, value: { mediaType: 'image/png', width: 40, height: 30 } });
	});

	it('accepts JPEG and WebP', async () => {
		expect((await stored(await picture(20, 10, 'jpeg'))).mediaType).toBe('image/jpeg');
		expect((await stored(await picture(20, 10, 'webp'))).mediaType).toBe('image/webp');
	});

	it('refuses a text file named .png', async () => {
		const file = new File(['Câu 1: Bác Hồ sinh năm nào?'], 'anh.png', { type: 'image/png' });
		const result = await storePicture(handle.db, store, new Uint8Array(await file.arrayBuffer()));
		expect(result).toEqual({ ok: false, error: 'not_picture' });
	});

	it('refuses SVG, even with a picture name', async () => {
		const svg = new TextEncoder().encode(
			'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>'
		);
		expect(await storePicture(handle.db, store, svg)).toEqual({ ok: false, error: 'svg' });
	});

	it('refuses a file over the size limit, and stops reading an upload there', async () => {
		const big = new Uint8Array(MAX_PICTURE_BYTES + 1);
		big.set(await picture(10, 10));
		expect(await storePicture(handle.db, store, big)).toEqual({ ok: false, error: 'too_large' });
		let pulled = 0;
		const endless = new ReadableStream<Uint8Array>({
			pull(controller) {
				pulled += 64 * 1024;
				controller.enqueue(new Uint8Array(64 * 1024));
			}
		});
		const request = new Request('http://x/', {
			method: 'POST',
			body: endless,
			duplex: 'half'
		} as RequestInit);
		expect(await readLimited(request, 1024 * 1024)).toEqual({ ok: false, error: 'too_large' });
		expect(pulled).toBeLessThan(2 * 1024 * 1024);
	});

	it('refuses a header that claims more pixels than allowed, before decoding', async () => {
		const bytes = await picture(8, 8);
		const view = new DataView(bytes.buffer, bytes.byteOffset);
		view.setUint32(16, 20_000);
		view.setUint32(20, 20_000);
		expect(await storePicture(handle.db, store, bytes)).toEqual({ ok: false, error: 'too_many_pixels' });
	});

	it('scales a large picture down to 1600 px on its longer side, and stores it once', async () => {
		const bytes = await picture(2400, 1200, 'jpeg');
		const first = await stored(bytes);
		expect(first).toMatchObject({ width: 1600, height: 800 });
		const again = await stored(bytes);
		expect(again.sha256).toBe(first.sha256);
		const meta = await sharp((await readWhole(store, first.sha256))!).metadata();
		expect([meta.width, meta.height]).toEqual([1600, 800]);
	});
});

describe('pictures in questions', () => {
	let topicId: number;
	beforeAll(async () => {
		topicId = (await makeQuizRound(handle.db, { bankSize: 0 })).topic.id;
	});

	const input = (sha256: string, alt: string) => ({
		topicId,
		text: `Đây là ai? ${Math.random()}`,
		picture: { sha256, alt },
		options: [
			{ text: 'Một', isCorrect: true },
			{ text: 'Hai', isCorrect: false }
		]
	});

	it('refuses a picture without alt text', async () => {
		const { sha256 } = await stored(await picture(30, 30));
		expect(await createQuestion(handle.db, input(sha256, '  '))).toEqual({ ok: false, error: 'picture_alt' });
	});

	it('refuses a picture that was never uploaded', async () => {
		expect(await createQuestion(handle.db, input('a'.repeat(64), 'Ảnh'))).toEqual({
			ok: false,
			error: 'picture_not_found'
		});
	});

	it('accepts an option that is a picture alone, with its alt text', async () => {
		const { sha256 } = await stored(await picture(31, 31));
		const created = await createQuestion(handle.db, {
			topicId,
			text: 'Ảnh nào chụp nhà sàn của Bác?',
			options: [
				{ text: '', isCorrect: true, picture: { sha256, alt: 'Nhà sàn bên ao cá' } },
				{ text: 'Không ảnh nào', isCorrect: false }
			]
		});
		expect(created.ok).toBe(true);
		const q = await getQuestion(handle.db, created.ok ? created.value.id : 0);
		expect(q?.options[0]).toMatchObject({ text: '', pictureSha256: sha256, pictureAlt: 'Nhà sàn bên ao cá' });
	});
});

describe('an attempt and its pictures', () => {
	let unitId: number;
	beforeAll(async () => {
		unitId = (await makeUnit(handle.db, 'PIC')).id;
	});

	async function roundWithPictureQuestion() {
		const made = await makeQuizRound(handle.db, { bankSize: 0, perAttempt: 1, reviewPolicy: 'immediate' });
		const before = await stored(await picture(50, 40, 'png', 10));
		const optionPicture = await stored(await picture(20, 20, 'png', 90));
		const created = await createQuestion(handle.db, {
			topicId: made.topic.id,
			text: 'Bức ảnh chụp ở đâu?',
			picture: { sha256: before.sha256, alt: 'Ảnh cũ' },
			options: [
				{ text: 'Pác Bó', isCorrect: true, picture: { sha256: optionPicture.sha256, alt: 'Hang Cốc Bó' } },
				{ text: 'Kim Liên', isCorrect: false },
				{ text: 'Hà Nội', isCorrect: false }
			]
		});
		if (!created.ok) throw new Error(created.error);
		return { ...made, questionId: created.value.id, before, optionPicture };
	}

	it('keeps showing the picture it drew after the question is edited', async () => {
		const { round, questionId, before } = await roundWithPictureQuestion();
		const userId = (await makeUser(handle.db, unitId)).id;
		const started = await startAttempt(handle.db, { roundId: round.id, userId, unitId });
		if (!started.ok) throw new Error(started.error);
		const after = await stored(await picture(60, 40, 'png', 250));
		const q = (await getQuestion(handle.db, questionId))!;
		const edited = await editQuestion(handle.db, questionId, {
			text: q.text,
			picture: { sha256: after.sha256, alt: 'Ảnh mới' },
			options: q.options.map((o) => ({
				text: o.text,
				isCorrect: o.isCorrect,
				picture: o.pictureSha256 ? { sha256: o.pictureSha256, alt: o.pictureAlt! } : null
			}))
		});
		expect(edited).toMatchObject({ ok: true, value: { changed: true } });

		const view = await attemptView(handle.db, started.attemptId, userId);
		expect(view?.questions[0].picture).toMatchObject({ alt: 'Ảnh cũ', width: 50, height: 40 });
		const served = await attemptPicture(handle.db, {
			attemptId: started.attemptId,
			userId,
			position: 0,
			slot: 'q'
		});
		expect(served?.sha256).toBe(before.sha256);
		// and the stored version itself cannot be given another picture
		await expect(
			handle.db.update(questions).set({ pictureSha256: after.sha256 }).where(eq(questions.id, questionId))
		).rejects.toThrow();
	});

	it('serves a picture only to the attempt’s own participant', async () => {
		const { round } = await roundWithPictureQuestion();
		const owner = (await makeUser(handle.db, unitId)).id;
		const other = (await makeUser(handle.db, unitId)).id;
		const started = await startAttempt(handle.db, { roundId: round.id, userId: owner, unitId });
		if (!started.ok) throw new Error(started.error);
		const ask = (userId: number) =>
			attemptPicture(handle.db, { attemptId: started.attemptId, userId, position: 0, slot: 'q' });
		expect(await ask(owner)).toBeDefined();
		expect(await ask(other)).toBeUndefined();
	});

	it('names option pictures by their place as shown, never by the bank or the answer', async () => {
		const { round, optionPicture } = await roundWithPictureQuestion();
		const userId = (await makeUser(handle.db, unitId)).id;
		const started = await startAttempt(handle.db, { roundId: round.id, userId, unitId });
		if (!started.ok) throw new Error(started.error);
		const view = (await attemptView(handle.db, started.attemptId, userId))!;
		const shown = view.questions[0];
		const index = shown.options.indexOf('Pác Bó');
		const pictures = shown.optionPictures!;
		expect(pictures[index]).toMatchObject({
			src: `/quiz/${started.attemptId}/pictures/0/o${index}`,
			alt: 'Hang Cốc Bó'
		});
		expect(pictures.filter((p) => p !== null)).toHaveLength(1);
		expect(JSON.stringify(view)).not.toContain(optionPicture.sha256);
		const served = await attemptPicture(handle.db, {
			attemptId: started.attemptId,
			userId,
			position: 0,
			slot: index
		});
		expect(served?.sha256).toBe(optionPicture.sha256);
	});
});
