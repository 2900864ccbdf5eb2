import { readConfig } from '../config';
import { db } from '../db';
import { DiskStore } from './disk-store';
import { PostgresStore } from './postgres-store';
import type { FileStore } from './store';

export type { FileStore, OpenedFile, StoredFile } from './store';

const config = readConfig();

/** The app's file store, as configured (FILE_STORE, else the database with DATABASE_URL, else FILES_DIR). */
export function fileStore(): FileStore {
	return config.fileStore === 'db' ? new PostgresStore(db()) : new DiskStore(config.filesDir);
}
