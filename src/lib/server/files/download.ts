import type { OpenedFile } from './store';

const contentType: Record<string, string> = {
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	pdf: 'application/pdf',
	// the file kind (essays/kinds/other-files.ts)
	png: 'image/png',
	jpeg: 'image/jpeg',
	pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation'
};

/**
 * A stored file as a download: the body streams from the store as the client reads it (a chunk at a time from
 * PostgreSQL), with its length known up front so browsers show progress.
 */
export function downloadResponse(file: OpenedFile, kind: string, disposition: string): Response {
	return new Response(file.stream, {
		headers: {
			'content-type': contentType[kind] ?? 'application/octet-stream',
			'content-length': String(file.size),
			'content-disposition': disposition,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
}
