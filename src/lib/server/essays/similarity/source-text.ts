import { type FileStore, readWhole } from '../../files/store';
import mammoth from 'mammoth';
import { pdfText } from '../pdf-text';

/**
 * The text an entry version is compared by: its typed body and the text of its file (a .docx through mammoth, a PDF
 * through its fonts, as the word counts read them). A file that cannot be read adds nothing: a scanned PDF cannot be
 * checked, and the organizer's page says which entries had no text.
 */
export async function versionText(
	files: FileStore | null,
	v: { body: string; fileSha256: string | null; fileKind: string | null }
): Promise<string> {
	if (!v.fileSha256 || !files) return v.body;
	const bytes = await readWhole(files, v.fileSha256);
	if (!bytes) return v.body;
	let file = '';
	try {
		if (v.fileKind === 'docx') file = (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
		else if (v.fileKind === 'pdf') file = await pdfText(bytes);
	} catch {
		file = '';
	}
	return v.body && file ? `${v.body}\n\n${file}` : v.body || file;
}
