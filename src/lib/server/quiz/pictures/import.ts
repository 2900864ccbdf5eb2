import type { Db } from '../../db/client';
import type { FileStore } from '../../files/store';
import type { StoredPictures } from '../bank/import';
import type { ParsedFile } from '../parsers/types';
import { storePicture } from './pictures';

/**
 * Stores the pictures an imported file's questions name (checked and re-encoded like an upload), before the import's
 * transaction: a picture that fails is left out, and the questions naming it are skipped by importQuestions.
 */
export async function storeFilePictures(
	db: Db,
	store: FileStore,
	file: Pick<ParsedFile, 'pictures'>,
	createdBy: number | null
): Promise<StoredPictures> {
	const stored: StoredPictures = new Map();
	for (const [key, bytes] of file.pictures) {
		const result = await storePicture(db, store, bytes, createdBy);
		if (result.ok) stored.set(key, result.value.sha256);
	}
	return stored;
}
