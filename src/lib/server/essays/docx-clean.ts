/**
 * The judge's copy of a .docx: nothing that names the author outside the essay's own text, and nothing that makes
 * Word fetch or run anything. Works on a file opened (and so checked) by files/office.ts, whose XML parts are known
 * to be well-formed, so the edits below can work on tags.
 *
 * - document properties: core.xml and app.xml replaced by neutral ones, custom.xml and customXml/* removed;
 * - comments (word/comments*.xml, people.xml) removed, with their anchors in the text;
 * - tracked changes keep their text, their authors become NEUTRAL_AUTHOR;
 * - every external relationship (hyperlinks, linked pictures — web beacons —, an attached template, linked
 *   objects) dropped with the references to it, and fields that fetch (INCLUDEPICTURE, LINK, DDE…) emptied;
 * - document variables (settings.xml) removed.
 */
import path from 'node:path';
import type { OfficeFile } from '../files/office';
import { writeZip, type ZipEntry } from '../files/zip';
import { NEUTRAL_AUTHOR, NEUTRAL_TITLE } from './neutral';

const REL = 'http://schemas.openxmlformats.org';
const CORE_TYPE = `${REL}/package/2006/relationships/metadata/core-properties`;
const APP_TYPE = `${REL}/officeDocument/2006/relationships/extended-properties`;
const CUSTOM_TYPE = `${REL}/officeDocument/2006/relationships/custom-properties`;

const CORE_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="${REL}/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${NEUTRAL_TITLE}</dc:title><dc:creator>${NEUTRAL_AUTHOR}</dc:creator><cp:lastModifiedBy>${NEUTRAL_AUTHOR}</cp:lastModifiedBy></cp:coreProperties>`;
const appXml = (application: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="${REL}/officeDocument/2006/extended-properties" xmlns:vt="${REL}/officeDocument/2006/docPropsVTypes"><Application>${application}</Application></Properties>`;

const ALWAYS_DROPPED = [
	/^customXml\//,
	/^docProps\/custom\.xml$/,
	/^docProps\/thumbnail\.[a-z]+$/i,
	/^word\/comments[^/]*\.xml$/,
	/^word\/people\.xml$/,
	// slides (the file kind, kinds/other-files.ts): comments and their authors' names
	/^ppt\/comments\//,
	/^ppt\/commentAuthors\.xml$/,
	/^ppt\/authors\.xml$/
];
/** Fields that make Word fetch a file or talk to another program when they update. */
const FETCHING_FIELD = /\b(INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO|IMPORT)\b/i;

/** One tag with its quoted attributes (values may hold `>`). */
const TAG = /<([\w.-]+:)?([\w.-]+)((?:\s+[^\s=<>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTRIBUTE = /\s([^\s=<>/]+)\s*=\s*("[^"]*"|'[^']*')/g;

const attr = (attrs: string, name: string) =>
	new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`)
		.exec(attrs)
		?.slice(2, 4)
		.find((v) => v !== undefined);

function xmlEscape(s: string): string {
	return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `word/_rels/document.xml.rels` → `word/document.xml`; `_rels/.rels` → `` (the package). */
function sourceOf(rels: string): string {
	const dir = path.posix.dirname(path.posix.dirname(rels));
	const base = path.posix.basename(rels, '.rels');
	return dir === '.' ? base : `${dir}/${base}`;
}

function relsOf(part: string): string {
	const dir = path.posix.dirname(part);
	return `${dir === '.' ? '' : `${dir}/`}_rels/${path.posix.basename(part)}.rels`;
}

function resolveTarget(source: string, target: string): string {
	if (target.startsWith('/')) return target.slice(1);
	return path.posix.normalize(path.posix.join(path.posix.dirname(source), target)).replace(/^\.\//, '');
}

interface Relationship {
	tag: string;
	id: string;
	type: string;
	target: string;
	external: boolean;
}

function relationships(xml: string): Relationship[] {
	const found: Relationship[] = [];
	for (const m of xml.matchAll(
		/<(?:[\w.-]+:)?Relationship\b((?:\s+[^\s=<>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(?:\/>|>\s*<\/(?:[\w.-]+:)?Relationship\s*>)/g
	)) {
		const attrs = m[1];
		found.push({
			tag: m[0],
			id: attr(attrs, 'Id') ?? '',
			type: attr(attrs, 'Type') ?? '',
			target: attr(attrs, 'Target') ?? '',
			external: (attr(attrs, 'TargetMode') ?? '').toLowerCase() === 'external'
		});
	}
	return found;
}

/** Removes (or, where the schema requires one, empties) the attributes that point at dropped relationships. */
function dropReferences(xml: string, ids: Set<string>): string {
	return xml.replace(
		TAG,
		(tag, prefix: string | undefined, local: string, attrs: string, selfClosing: string) => {
			if (!attrs) return tag;
			let changed = false;
			const kept = attrs.replace(ATTRIBUTE, (whole, name: string, quoted: string) => {
				if (!name.includes(':') || !ids.has(quoted.slice(1, -1))) return whole;
				changed = true;
				return /^hlink(Click|Hover)$/.test(local) ? ` ${name}=""` : '';
			});
			return changed ? `<${prefix ?? ''}${local}${kept}${selfClosing}>` : tag;
		}
	);
}

const text = (e: ZipEntry) => Buffer.from(e.data).toString('utf8');

/** Also cleans a .pptx's package (properties, comments, external links): `application` names the program. */
export function cleanDocx(file: OfficeFile, application = 'Microsoft Office Word'): Uint8Array {
	const dropped = new Set(
		file.entries.map((e) => e.name).filter((n) => ALWAYS_DROPPED.some((re) => re.test(n)))
	);
	const rewritten = new Map<string, string>();

	// The package's own relationships say which parts hold the document properties.
	const packageRels = file.part('_rels/.rels');
	for (const rel of packageRels ? relationships(Buffer.from(packageRels).toString('utf8')) : []) {
		const target = resolveTarget('', rel.target);
		if (rel.type === CUSTOM_TYPE) dropped.add(target);
		else if (rel.type === CORE_TYPE) rewritten.set(target, CORE_XML);
		else if (rel.type === APP_TYPE) rewritten.set(target, appXml(application));
	}
	for (const part of [...dropped]) dropped.add(relsOf(part));

	// Relationships that go outside the file or to a dropped part, by the part that holds them.
	const droppedIds = new Map<string, Set<string>>();
	for (const e of file.entries) {
		if (!e.name.endsWith('.rels') || dropped.has(e.name)) continue;
		const source = sourceOf(e.name);
		let xml = text(e);
		const ids = new Set<string>();
		for (const rel of relationships(xml)) {
			if (rel.external || dropped.has(resolveTarget(source, rel.target))) {
				ids.add(rel.id);
				xml = xml.replace(rel.tag, '');
			}
		}
		if (ids.size > 0) {
			droppedIds.set(source, ids);
			rewritten.set(e.name, xml);
		}
	}

	const entries: ZipEntry[] = [];
	for (const e of file.entries) {
		if (dropped.has(e.name)) continue;
		let xml = rewritten.get(e.name) ?? null;
		if (xml === null && e.name === '[Content_Types].xml') {
			xml = text(e).replace(
				/<(?:[\w.-]+:)?Override\b[^>]*?PartName\s*=\s*["']\/?([^"']+)["'][^>]*\/>/g,
				(whole, part: string) => (dropped.has(part) ? '' : whole)
			);
		} else if (xml === null && /^word\/.+\.xml$/.test(e.name)) {
			xml = cleanWordPart(text(e), droppedIds.get(e.name));
		} else if (xml === null && droppedIds.has(e.name) && e.name.endsWith('.xml')) {
			xml = dropReferences(text(e), droppedIds.get(e.name)!);
		}
		entries.push(xml === null ? e : { name: e.name, data: new Uint8Array(Buffer.from(xml, 'utf8')) });
	}
	return writeZip(entries);
}

/** document.xml, headers, footers, footnotes, settings.xml, … */
function cleanWordPart(xml: string, ids: Set<string> | undefined): string {
	let out = xml
		.replace(/<((?:[\w.-]+:)?comment(?:RangeStart|RangeEnd|Reference))\b[^>]*?(?:\/>|>\s*<\/\1\s*>)/g, '')
		.replace(/<((?:[\w.-]+:)?(?:attachedTemplate|docVars))\b[^>]*?(?:\/>|>[\s\S]*?<\/\1\s*>)/g, '')
		// Tracked changes carry w:author (and w:initials); people.xml's w15:userId is often the name or e-mail.
		.replace(
			/(\s(?:[\w.-]+:)?(?:author|initials|userId)\s*=\s*)("[^"]*"|'[^']*')/g,
			`$1"${xmlEscape(NEUTRAL_AUTHOR)}"`
		)
		.replace(
			/(<((?:[\w.-]+:)?instrText)\b[^>]*>)([^<]*)(<\/\2\s*>)/g,
			(whole, open: string, _t, code: string, close: string) =>
				FETCHING_FIELD.test(code) ? `${open}${close}` : whole
		)
		.replace(/(\s(?:[\w.-]+:)?instr\s*=\s*)("[^"]*"|'[^']*')/g, (whole, head: string, value: string) =>
			FETCHING_FIELD.test(value) ? `${head}""` : whole
		);
	if (ids) out = dropReferences(out, ids);
	return out;
}
