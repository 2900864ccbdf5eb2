/**
 * The judge's copy of a PDF keeps its pages' content and nothing else: an Info dictionary with a neutral title only,
 * no XMP metadata, no annotations (comments carry their author in /T and text in /Contents; links carry URIs), no
 * JavaScript, no actions (/OpenAction, /AA, /A: Launch, URI, SubmitForm, …), no embedded files, no form, no
 * outlines, no external stream data. pdf-lib rewrites the whole file; objects nothing points to any more (an
 * incrementally updated PDF's earlier Info dictionary and XMP stream, with the author's name) are dropped.
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFStream } from 'pdf-lib';
import type { PDFContext, PDFObject } from 'pdf-lib';
import { NEUTRAL_TITLE } from './neutral';

/** What a catalog, a page-tree node and a page may keep: what draws the pages. */
const KEEP: Record<string, Set<string>> = {
	Catalog: new Set(['Type', 'Pages', 'PageLabels', 'PageLayout', 'Lang', 'Version']),
	Pages: new Set(['Type', 'Parent', 'Kids', 'Count', 'Resources', 'MediaBox', 'CropBox', 'Rotate']),
	Page: new Set([
		'Type',
		'Parent',
		'Resources',
		'MediaBox',
		'CropBox',
		'BleedBox',
		'TrimBox',
		'ArtBox',
		'Contents',
		'Rotate',
		'UserUnit',
		'Group'
	])
};

/** Keys removed from every dictionary wherever it sits: metadata, actions, scripts, attachments, annotations. */
const DROP_EVERYWHERE = [
	'Metadata',
	'PieceInfo',
	'AA',
	'A',
	'OpenAction',
	'JS',
	'JavaScript',
	'URI',
	'Launch',
	'SubmitForm',
	'EmbeddedFiles',
	'EF',
	'AcroForm',
	'Annots',
	'Names',
	'Outlines',
	'Threads',
	'Ref'
].map((k) => PDFName.of(k));
/** A stream whose data lives in another file (or on the web). */
const EXTERNAL_STREAM = ['F', 'FFilter', 'FDecodeParms'].map((k) => PDFName.of(k));

function clean(dict: PDFDict, isStream: boolean) {
	const type = dict.get(PDFName.of('Type'));
	const keep = type instanceof PDFName ? KEEP[type.decodeText()] : undefined;
	for (const [key] of dict.entries()) {
		if (keep && !keep.has(key.decodeText())) dict.delete(key);
	}
	for (const key of DROP_EVERYWHERE) dict.delete(key);
	if (isStream) for (const key of EXTERNAL_STREAM) dict.delete(key);
}

/** Cleans every object reachable from the trailer, then deletes the objects no longer reachable. */
function sweep(context: PDFContext) {
	const reached = new Set<string>();
	const pending: PDFObject[] = [context.trailerInfo.Root, context.trailerInfo.Info].filter(
		(o): o is PDFObject => o !== undefined
	);
	while (pending.length > 0) {
		const object = pending.pop()!;
		if (object instanceof PDFRef) {
			if (reached.has(object.tag)) continue;
			reached.add(object.tag);
			const target = context.lookup(object);
			if (target) pending.push(target);
		} else if (object instanceof PDFDict) {
			clean(object, false);
			for (const [, value] of object.entries()) pending.push(value);
		} else if (object instanceof PDFArray) {
			pending.push(...object.asArray());
		} else if (object instanceof PDFStream) {
			clean(object.dict, true);
			for (const [, value] of object.dict.entries()) pending.push(value);
		}
	}
	for (const [ref] of context.enumerateIndirectObjects()) {
		if (!reached.has(ref.tag)) context.delete(ref);
	}
}

export async function cleanPdf(bytes: Uint8Array): Promise<Uint8Array> {
	const doc = await PDFDocument.load(bytes, { updateMetadata: false });
	const { context } = doc;
	context.trailerInfo.Info = context.register(context.obj({ Title: PDFHexString.fromText(NEUTRAL_TITLE) }));
	// The file identifier links copies of one file (and files from one machine, for some writers).
	context.trailerInfo.ID = undefined;
	sweep(context);
	return await doc.save({ updateFieldAppearances: false });
}
