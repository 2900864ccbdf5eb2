// npx tsx scripts/similarity-bench.ts [entries] [words] — times a contest's full similarity check (the job's work,
// through the database) on generated Vietnamese-like entries with planted copies, on a fresh PGlite.
//   BENCH_DATABASE_URL=postgres://… runs it on a real (empty, throwaway) PostgreSQL database instead.
// Text: syllables drawn from a list with Zipf frequencies (common syllables recur as in real prose, so unrelated
// texts share some 3-grams), in paragraphs of 60–140 words. Planted among the entries: exact copies, copies with
// reordered paragraphs, copies with every fifth word changed, and partial copies (a quarter of another entry).
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { type DbHandle, openPglite, openPostgres } from '../src/lib/server/db/client';
import { runSimilarityCheck } from '../src/lib/server/essays/similarity/check';
import { createUnit } from '../src/lib/server/units';

const ENTRIES = Number(process.argv[2] ?? 4200);
const WORDS = Number(process.argv[3] ?? 2000);
const PLANTED_EACH = 40;

const SYLLABLES = `và của là có không những các một người trong được cho đã với này để khi cũng như thì đến từ
nhiều về ra lại còn năm nay sẽ theo đó nhưng vì phải làm đi nên rằng tôi chúng ta mình anh chị em ông bà cô chú
bác cháu con cha mẹ nhà làng xã huyện tỉnh nước đất trời sông núi biển rừng đồng ruộng lúa ngô khoai sắn cây hoa
lá quả trái mùa xuân hạ thu đông sáng trưa chiều tối đêm ngày tháng tuần giờ phút lúc khi xưa sau trước giữa
trên dưới bên cạnh gần xa cao thấp dài ngắn rộng hẹp mới cũ đẹp xấu tốt giỏi hay dở vui buồn thương nhớ yêu ghét
học hành trường lớp thầy cô bạn bè sách vở bút mực bảng đọc viết nói nghe nhìn thấy biết hiểu nghĩ tin mong muốn
cố gắng chăm chỉ cần cù siêng năng kiên trì bền bỉ dũng cảm thật thà trung thực khiêm tốn giản dị tiết kiệm đoàn
kết giúp đỡ chia sẻ quan tâm chăm sóc bảo vệ xây dựng phát triển đổi mới sáng tạo công việc nhiệm vụ trách nhiệm
cán bộ đảng viên chi bộ đơn vị cơ quan tổ chức phong trào thi đua khen thưởng gương sáng điển hình tiên tiến học
tập làm theo tư tưởng đạo đức phong cách bác hồ chí minh nhân dân đồng bào dân tộc quê hương đất nước tổ quốc
lịch sử truyền thống văn hóa xã hội kinh tế chính trị giáo dục y tế khoa học kỹ thuật công nghệ sản xuất kinh
doanh nông nghiệp công nghiệp dịch vụ thương mại du lịch môi trường an ninh quốc phòng biên giới hải đảo bộ đội
công an chiến sĩ thương binh liệt sĩ mẹ việt nam anh hùng kháng chiến hòa bình độc lập tự do hạnh phúc ấm no
giàu mạnh văn minh công bằng dân chủ pháp luật kỷ cương nền nếp đời sống tinh thần vật chất thu nhập việc làm
nghèo khó khăn vất vả gian khổ hy sinh cống hiến đóng góp tấm lòng tình cảm niềm tin hy vọng ước mơ khát vọng
tương lai hiện tại quá khứ thế hệ trẻ già thanh niên thiếu nhi phụ nữ nông dân công nhân trí thức doanh nhân
bệnh viện bác sĩ y tá bệnh nhân thuốc men sức khỏe chữa bệnh cứu người trạm xá vùng cao bản làng miền núi
đồng bằng thành phố phố phường đường sá cầu cống điện nước nhà cửa mái ấm tình thương nghĩa tình đồng chí
đồng đội anh em họ hàng láng giềng xóm ngõ cộng đồng tập thể cá nhân riêng chung mọi ai gì đâu sao bao nhiêu
rất quá lắm hơn nhất cùng đều chỉ mãi luôn vẫn đang vừa mới sắp từng đã từng bao giờ chưa bao giờ hãy đừng chớ`
	.split(/\s+/)
	.filter(Boolean);

function prng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const random = prng(20261205);

// Zipf(1) over the list: the i-th syllable drawn with weight 1/(i+1)
const cumulative: number[] = [];
SYLLABLES.reduce((acc, _, i) => (cumulative.push(acc + 1 / (i + 1)), acc + 1 / (i + 1)), 0);
function syllable(): string {
	const x = random() * cumulative[cumulative.length - 1];
	let lo = 0;
	let hi = cumulative.length - 1;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (cumulative[mid] < x) lo = mid + 1;
		else hi = mid;
	}
	return SYLLABLES[lo];
}

function essay(words: number): string {
	const paragraphs: string[] = [];
	let left = words;
	while (left > 0) {
		const n = Math.min(left, 60 + Math.floor(random() * 80));
		const w = Array.from({ length: n }, syllable);
		w[0] = w[0][0].toUpperCase() + w[0].slice(1);
		paragraphs.push(`${w.join(' ')}.`);
		left -= n;
	}
	return paragraphs.join('\n\n');
}
const reorder = (t: string) => {
	const p = t.split('\n\n');
	for (let i = p.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[p[i], p[j]] = [p[j], p[i]];
	}
	return p.join('\n\n');
};
const everyFifth = (t: string) => {
	let i = 0;
	return t.replace(/[\p{L}]+/gu, (w) => (++i % 5 === 0 ? `khác${i % 97}` : w));
};
const partial = (t: string, source: string) => {
	const own = t.split('\n\n');
	const taken = source.split('\n\n');
	const quarter = taken.slice(0, Math.ceil(taken.length / 4));
	return [...own.slice(0, own.length - quarter.length), ...quarter].join('\n\n');
};

// the texts: originals first, then the planted copies of random originals
const kinds = ['exact', 'reordered', 'every_fifth', 'partial'] as const;
const texts: string[] = [];
const planted: { copy: number; of: number; kind: (typeof kinds)[number] }[] = [];
const originals = ENTRIES - PLANTED_EACH * kinds.length;
const t0 = performance.now();
for (let i = 0; i < originals; i++) texts.push(essay(WORDS));
for (const kind of kinds)
	for (let k = 0; k < PLANTED_EACH; k++) {
		const of = Math.floor(random() * originals);
		const text =
			kind === 'exact'
				? texts[of]
				: kind === 'reordered'
					? reorder(texts[of])
					: kind === 'every_fifth'
						? everyFifth(texts[of])
						: partial(essay(WORDS), texts[of]);
		planted.push({ copy: texts.push(text) - 1, of, kind });
	}
console.log(
	`generated ${texts.length} entries of ~${WORDS} words in ${((performance.now() - t0) / 1000).toFixed(1)} s`
);

async function open(): Promise<DbHandle> {
	const url = process.env.BENCH_DATABASE_URL;
	const handle = url ? await openPostgres(url) : await openPglite();
	await handle.migrate(path.resolve('drizzle'));
	return handle;
}
const handle = await open();
const { db } = handle;
const unit = await createUnit(db, { code: 'SIMB', name: 'Đơn vị thử', parentId: null, headcount: 0 });
if (!unit.ok) throw new Error(unit.error);
const rows = <T>(r: unknown) => (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];
const [contest] = rows<{ id: number }>(
	await db.execute(sql`insert into contests (kind, title, description, eligible_unit_id, published)
		values ('essay', 'Thử tải kiểm tra trùng lặp', '', null, true) returning id`)
);
await db.execute(sql`insert into essay_settings (contest_id, code_prefix, opens_at, closes_at)
	values (${contest.id}, 'SIM', now() - interval '10 days', now() - interval '1 day')`);
await db.execute(sql`insert into users (full_name, birth_date, unit_id, phone, password_hash, search_text)
	select 'Tác giả ' || g, '1990-01-01', ${unit.value.id}, '09' || lpad(g::text, 8, '0'), 'x', 'tac gia'
	from generate_series(1, ${texts.length}) g`);
const authors = rows<{ id: number }>(await db.execute(sql`select id from users order by id`)).map(
	(r) => r.id
);
const t1 = performance.now();
for (let b = 0; b < texts.length; b += 200) {
	const values = texts
		.slice(b, b + 200)
		.map(
			(body, k) =>
				sql`(${contest.id}, ${b + k + 1}, ${`SIM-${b + k + 1}`}, ${authors[b + k]}, ${unit.value.id}, 1, ${`Bài ${b + k + 1}`}, ${body}, ${WORDS}, 'submitted', now())`
		);
	await db.execute(sql`insert into entries (contest_id, entry_no, code, author_id, author_unit_id, slot, title, body,
		word_count, status, submitted_at) values ${sql.join(values, sql`, `)}`);
}
console.log(`stored them (entries + versions) in ${((performance.now() - t1) / 1000).toFixed(1)} s`);

let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200);
const t2 = performance.now();
const cpu0 = process.cpuUsage();
const result = await runSimilarityCheck(db, contest.id);
const seconds = (performance.now() - t2) / 1000;
peak = Math.max(peak, process.memoryUsage().rss);
// CPU time of this process (PGlite runs inside it): what the check costs, whatever else the machine is doing
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
clearInterval(sampler);
console.log(
	`full check (${handle.kind}): ${result.compared} entries compared, ${result.pairs} pairs kept, ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU, peak RSS ${Math.round(peak / 1048576)} MB`
);

// what it found: each planted copy should pair with its original at ≥ 20 %; other pairs above 20 % are false alarms
const ids = rows<{ id: number; entry_no: number }>(
	await db.execute(sql`select id, entry_no from entries where contest_id = ${contest.id}`)
);
const idOf = new Map(ids.map((r) => [r.entry_no - 1, r.id]));
const found = rows<{ entry_id: number; other_entry_id: number; top: string }>(
	await db.execute(sql`select entry_id, other_entry_id, greatest(a_in_b, b_in_a)::float as top
		from similarity_pairs where contest_id = ${contest.id} and other_entry_id is not null`)
);
const key = (a: number, b: number) => (a < b ? `${a}-${b}` : `${b}-${a}`);
const topOf = new Map(found.map((r) => [key(r.entry_id, r.other_entry_id), Number(r.top)]));
const plantedKeys = new Set<string>();
for (const kind of kinds) {
	const mine = planted.filter((p) => p.kind === kind);
	const tops = mine.map((p) => {
		const k = key(idOf.get(p.copy)!, idOf.get(p.of)!);
		plantedKeys.add(k);
		return topOf.get(k) ?? 0;
	});
	const hit = tops.filter((t) => t >= 20).length;
	console.log(
		`planted ${kind}: ${hit}/${mine.length} found at ≥ 20 %, overlap ${Math.min(...tops).toFixed(1)}–${Math.max(...tops).toFixed(1)} %`
	);
}
// copies of the same original also pair with each other: those are real copies too
const sameSource = new Set<string>();
for (const a of planted)
	for (const b of planted)
		if (a !== b && a.of === b.of) sameSource.add(key(idOf.get(a.copy)!, idOf.get(b.copy)!));
const alarms = found.filter((r) => {
	const k = key(r.entry_id, r.other_entry_id);
	return Number(r.top) >= 20 && !plantedKeys.has(k) && !sameSource.has(k);
}).length;
console.log(
	`pairs of unrelated entries at ≥ 20 %: ${alarms}; below 20 % kept for the record: ${found.filter((r) => Number(r.top) < 20).length}`
);
await handle.close();
