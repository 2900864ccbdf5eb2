// An .xlsx bank with its pictures: a .zip holding one .xlsx and the picture files its "Ảnh" column names.
import type { ZipEntry, ZipLimits } from '../../files/zip';
import { bundleKey } from './xlsx';

/**
 * The bundle's own limits (the .xlsx inside is then opened with OFFICE_LIMITS.importXlsx). The .xlsx is itself a
 * zip, so zips inside are allowed here: only that one is ever opened, through files/office.ts.
 */
export const BUNDLE_LIMITS: ZipLimits = {
	maxEntries: 2000,
	maxTotalUncompressed: 60 * 1024 * 1024,
	maxRatio: 100,
	ratioFloor: 5 * 1024 * 1024,
	nestedZipsUnder: ['']
};

const isXlsx = (name: string) =>
	/\.xlsx$/i.test(name) && !name.split('/').some((part) => part.startsWith('.'));

/** Names of a zip that make it a bundle: exactly one .xlsx (macOS's "__MACOSX/._x.xlsx" copies aside). */
export function isBundle(names: string[]): boolean {
	return names.filter((n) => isXlsx(n) && !n.startsWith('__MACOSX/')).length === 1;
}

/** The bundle's .xlsx and its other files by bundleKey (the file name, any folder, any case). */
export function splitBundle(
	entries: ZipEntry[]
): { xlsx: Uint8Array; files: Map<string, Uint8Array> } | null {
	const useful = entries.filter((e) => !e.name.endsWith('/') && !e.name.startsWith('__MACOSX/'));
	const sheets = useful.filter((e) => isXlsx(e.name));
	if (sheets.length !== 1) return null;
	const files = new Map<string, Uint8Array>();
	for (const e of useful) if (e !== sheets[0]) files.set(bundleKey(e.name), e.data);
	return { xlsx: sheets[0].data, files };
}
