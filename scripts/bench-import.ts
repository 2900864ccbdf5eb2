// npx tsx scripts/bench-import.ts [rows] — times a people import (preview, apply, re-import) on a fresh PGlite.
//   BENCH_DATABASE_URL=postgres://… runs it on a real (empty, throwaway) PostgreSQL database instead.
// The file is generated: Vietnamese names, phones in mixed spellings, dates as dd/mm/yyyy, spread over 40 units.
import path from 'node:path';
import { type DbHandle, openPglite, openPostgres } from '../src/lib/server/db/client';
import { users } from '../src/lib/server/db/schema';
import { applyImport, type ApplyProgress } from '../src/lib/server/import/apply';
import { previewImport } from '../src/lib/server/import/preview';
import { csv, PEOPLE_HEADERS, xlsx } from '../src/lib/server/import/spec-helpers';
import type { CellValue } from '../src/lib/server/import/types';
import { createUnit } from '../src/lib/server/units';

const ROWS = Number(process.argv[2] ?? 10_000);
const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Phan', 'Vũ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Ngọc', 'Minh', 'Thu', 'Đức', 'Thanh'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Hùng', 'Lan', 'Long', 'Mai', 'Nam', 'Yến'];

const ms = (start: number) => `${((performance.now() - start) / 1000).toFixed(2)} s`;

function peopleRows(units: string[]): CellValue[][] {
	return Array.from({ length: ROWS }, (_, i) => {
		const digits = String(10_000_000 + i).slice(-8);
		return [
			`${FAMILY[i % 10]} ${MIDDLE[(i >> 3) % 8]} ${GIVEN[(i * 7) % 12]}`,
			`${String((i % 28) + 1).padStart(2, '0')}/${String((i % 12) + 1).padStart(2, '0')}/${1965 + (i % 40)}`,
			units[i % units.length],
			i % 2 ? `09${digits}` : `+84 9${digits.slice(0, 2)} ${digits.slice(2, 5)} ${digits.slice(5)}`,
			i % 3 ? '' : `nguoi${i}@bench.vn`,
			i % 5 ? '' : String(1_000_000_000 + i).padStart(12, '0')
		];
	});
}

async function open(): Promise<DbHandle> {
	const url = process.env.BENCH_DATABASE_URL;
	const handle = url ? await openPostgres(url) : await openPglite();
	await handle.migrate(path.resolve('drizzle'));
	return handle;
}

const handle = await open();
const { db } = handle;
const codes: string[] = [];
const top = await createUnit(db, { code: 'BENCH', name: 'Đảng bộ thử tải', parentId: null, headcount: 0 });
if (!top.ok) throw new Error(top.error);
for (let i = 1; i <= 40; i++) {
	const unit = await createUnit(db, {
		code: `CB-${i}`,
		name: `Chi bộ ${i}`,
		parentId: top.value.id,
		headcount: 250
	});
	if (!unit.ok) throw new Error(unit.error);
	codes.push(unit.value.code);
}
const [organizer] = await db
	.insert(users)
	.values({
		fullName: 'Ban tổ chức',
		birthDate: '1980-01-01',
		unitId: top.value.id,
		phone: '0300000001',
		passwordHash: 'x',
		searchText: 'ban to chuc'
	})
	.returning();
const actor = { id: organizer.id, isAdmin: false };
const rows = [PEOPLE_HEADERS, ...peopleRows(codes)];

async function run(label: string, bytes: Uint8Array) {
	let t = performance.now();
	const previewed = await previewImport(db, { kind: 'people', fileName: 'bench', bytes, userId: actor.id });
	if (!previewed.ok) throw new Error(previewed.error.code);
	const { counts, batchId } = previewed.preview;
	console.log(`${label}: ${(bytes.length / 1024).toFixed(0)} KiB, preview ${ms(t)}`, counts);
	t = performance.now();
	const phases: Record<string, number> = {};
	let phaseStart = t;
	let phase = '';
	const applied = await applyImport(db, batchId, actor, {
		onProgress: (p: ApplyProgress) => {
			if (p.phase !== phase) {
				if (phase) phases[phase] = performance.now() - phaseStart;
				phase = p.phase;
				phaseStart = performance.now();
			}
		}
	});
	if (phase) phases[phase] = performance.now() - phaseStart;
	if (!applied.ok) throw new Error(applied.error);
	const detail = Object.entries(phases)
		.map(([name, t]) => `${name} ${(t / 1000).toFixed(2)} s`)
		.join(', ');
	console.log(`${label}: apply ${ms(t)} (${detail || 'nothing to write'})`, applied.counts);
}

console.log(`${ROWS} people on ${handle.kind}`);
await run('csv, first import', csv(rows));
await run('csv, same file again', csv(rows));
await run('xlsx, same people again', await xlsx(rows as never));
// everyone's name changes: 10,000 updates
await run('csv, every name changed', csv(rows.map((r, i) => (i === 0 ? r : [`${r[0]} Mới`, ...r.slice(1)]))));
await handle.close();
