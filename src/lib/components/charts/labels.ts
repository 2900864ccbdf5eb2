/** A timeline bucket's start in Vietnam time (UTC+7 all year): "23/11 10:00" for an hour, "23/11" for a day. */
export function bucketLabel(start: Date | string, unit: 'hour' | 'day'): string {
	const wall = new Date(new Date(start).getTime() + 7 * 3_600_000);
	const two = (n: number) => String(n).padStart(2, '0');
	const day = `${two(wall.getUTCDate())}/${two(wall.getUTCMonth() + 1)}`;
	return unit === 'hour' ? `${day} ${two(wall.getUTCHours())}:00` : day;
}

/** 3.456 → 3,5 (vi) or 3.5 (en); null → a dash (the app's one score format, $lib/format). */
export { formatScore } from '$lib/format';

/**
 * A unit's name as the lines of a chart's axis label: whole words up to `width` characters a line, at most
 * `lines` lines, the last one ending in "…" when the name is longer (the tooltip and the table keep the full name).
 */
export function wrapLabel(text: string, width = 24, lines = 2): string[] {
	const out: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		const next = line ? `${line} ${word}` : word;
		if (next.length <= width || !line) line = next;
		else {
			out.push(line);
			line = word;
		}
	}
	if (line) out.push(line);
	if (out.length <= lines && out.every((l) => l.length <= width)) return out;
	const kept = out.slice(0, lines).map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
	const last = kept[lines - 1] ?? kept[kept.length - 1];
	if (out.length > lines && !last.endsWith('…'))
		kept[kept.length - 1] = `${last.length >= width ? last.slice(0, width - 1) : last}…`;
	return kept;
}
