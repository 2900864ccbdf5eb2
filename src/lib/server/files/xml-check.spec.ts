import { describe, expect, it } from 'vitest';
import { checkXml, xmlText } from './xml-check';

describe('checkXml', () => {
	it('accepts what Office writes: declaration, namespaces, self-closing tags, references, CDATA, comments', () => {
		expect(
			checkXml(
				'\uFEFF<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:document xmlns:w="x"><!-- c --><w:p a=\'1\' b = "&amp;&#x41;&#65;&lt;"><w:t xml:space="preserve"> A &gt; B </w:t><w:br/></w:p><![CDATA[<not a tag>]]></w:document>\n'
			)
		).toBeNull();
	});

	it('refuses a DOCTYPE, however it is used', () => {
		expect(checkXml('<!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>')).toBe('doctype');
		expect(checkXml('<?xml version="1.0"?>\n<!DOCTYPE r SYSTEM "http://x/evil.dtd"><r/>')).toBe('doctype');
	});

	it.each([
		['an unclosed element', '<r><a></r>'],
		['a wrong closing tag', '<r></s>'],
		['two roots', '<r/><s/>'],
		['text outside the root', '<r/>x'],
		['an undefined entity', '<r>&lol;</r>'],
		['a bare ampersand', '<r>a & b</r>'],
		['an unquoted attribute', '<r a=1/>'],
		['a < in an attribute', '<r a="<"/>'],
		['nothing at all', ''],
		['a truncated tag', '<r><a']
	])('refuses %s', (_what, xml) => {
		expect(checkXml(xml)).toBe('malformed');
	});

	it('reads UTF-8 and UTF-16 (with a byte-order mark or without), refuses invalid UTF-8', () => {
		expect(xmlText(Buffer.from('<r>ệ</r>'))).toBe('<r>ệ</r>');
		expect(xmlText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<r/>', 'utf16le')]))).toBe('<r/>');
		expect(xmlText(Buffer.from('<r/>', 'utf16le').swap16())).toBe('<r/>');
		expect(xmlText(Buffer.from([0x3c, 0x72, 0xff, 0x2f, 0x3e]))).toBeNull();
	});
});
