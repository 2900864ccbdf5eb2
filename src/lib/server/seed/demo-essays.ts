import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../db/client';
import { assignments, entries, users, units } from '../db/schema';
import { createEntry, submitEntry, updateDraft, withdrawEntry } from '../essays/entries';
import { autoAssign, openRound } from '../essays/judging';
import { saveScore } from '../essays/marking';
import { addJudge, createEssayContest, createRound, setAwardTiers, setPublished } from '../essays/setup';
import { PostgresStore } from '../files/postgres-store';
import { VIETNAM_OFFSET_MINUTES } from '../quiz/time';

// The demo's essay contest, caught in the middle of judging: the submission window closed a week ago, the
// preliminary round ("Sơ khảo") is open with its entries assigned to four judges, most of them scored, a few
// with a third judge called in on disagreement, and the demo judge with a handful of entries still to score.
// Everything goes through the domain functions (entries, setup, judging), so the data obeys the same rules as
// data typed in the app. Deterministic: the same texts, assignments and points on every seed.

const DAY = 86_400_000;
const HOUR = 3_600_000;
const OFFSET = VIETNAM_OFFSET_MINUTES * 60_000;

/** `hour`:00 Vietnam time on the Vietnam calendar day `days` days from `now` (negative: in the past). */
export function vietnamAt(now: Date, days: number, hour: number): Date {
	const local = now.getTime() + OFFSET + days * DAY;
	const midnight = Math.floor(local / DAY) * DAY;
	return new Date(midnight + hour * HOUR - OFFSET);
}

/** mulberry32, as demo.ts uses for its people. */
export function prng(seed: number) {
	let s = seed >>> 0;
	return () => {
		s = (s + 0x6d2b79f5) >>> 0;
		let t = s;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** The units whose people judge (the demo judge is moved to CB-VPDUK by demo.ts); authors come from the others. */
export const DEMO_ESSAY_JUDGE_UNITS = ['CB-VPDUK', 'CB-STP-HCTP', 'CB-STC-VP', 'CB-SYT-TT'] as const;

export const DEMO_ESSAY = {
	title: 'Cuộc thi viết «Tấm gương bình dị mà cao quý» 2026',
	codePrefix: 'TGBD-2026',
	submitted: 40,
	drafts: 2,
	withdrawn: 1,
	/** entries of the demo judge left unscored: the first `judgeDrafts` of them hold a draft */
	judgeLeft: 5,
	judgeDrafts: 2,
	/** entries designed with a gap of 20+ points between their two judges */
	disagreements: 4
} as const;

type Sector = 'yte' | 'giaoduc' | 'taichinh' | 'tuphap' | 'vanphong';

export function sectorOf(unitCode: string): Sector {
	if (unitCode.includes('SYT')) return 'yte';
	if (unitCode.includes('SGD')) return 'giaoduc';
	if (unitCode.includes('STC')) return 'taichinh';
	if (unitCode.includes('STP')) return 'tuphap';
	return 'vanphong';
}

const TITLE_HEAD = [
	'Tấm gương bình dị',
	'Người lặng lẽ',
	'Ngọn lửa nhỏ',
	'Học Bác từ những việc nhỏ',
	'Bình dị mà cao quý',
	'Trái tim ở lại',
	'Việc nhỏ, nghĩa lớn',
	'Sáng lên từ những điều giản dị'
];
const TITLE_TAIL: Record<Sector, string[]> = {
	yte: [
		'nơi phòng khám đêm',
		'người điều dưỡng của khoa tôi',
		'bên giường bệnh',
		'trong những ngày chống dịch',
		'của ngành y hôm nay'
	],
	giaoduc: [
		'người thầy nơi điểm trường',
		'trên bục giảng',
		'cô giáo của những em nhỏ vùng cao',
		'trong mùa thi',
		'giữa những trang giáo án'
	],
	taichinh: [
		'sau những con số',
		'người giữ ngân sách',
		'giữa sổ sách và chứng từ',
		'nơi quầy thu ngân',
		'của một kế toán viên'
	],
	tuphap: [
		'nơi bộ phận một cửa',
		'người hòa giải ở cơ sở',
		'giữa những hồ sơ hộ tịch',
		'bên người dân khó khăn',
		'của một cán bộ tư pháp'
	],
	vanphong: [
		'nơi văn phòng',
		'người đánh máy văn bản',
		'sau những cuộc họp',
		'trong công việc thầm lặng',
		'của người làm công tác văn phòng'
	]
};

const INTRO = [
	'Sinh thời, Chủ tịch Hồ Chí Minh luôn nhắc nhở cán bộ, đảng viên phải thật sự cần, kiệm, liêm, chính, chí công vô tư.',
	'Người từng dạy rằng một tấm gương sống có giá trị hơn một trăm bài diễn văn tuyên truyền.',
	'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh không phải là điều gì xa vời, mà bắt đầu từ những việc làm hằng ngày.',
	'Thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị, mỗi cán bộ, đảng viên trong Đảng bộ Khối đều đăng ký những việc làm cụ thể để học và làm theo Bác.',
	'Trong cuộc sống hôm nay, có biết bao tấm gương bình dị mà cao quý đang lặng lẽ cống hiến ở mọi vị trí công tác.',
	'Khi được đọc thể lệ cuộc thi, tôi nghĩ ngay đến một người đồng nghiệp mà tôi đã may mắn được cùng làm việc nhiều năm.',
	'Có những con người không xuất hiện trên báo chí, không nhận những danh hiệu lớn, nhưng lại khiến những người xung quanh tin yêu và kính trọng.',
	'Người xưa nói muốn biết một người thế nào, hãy nhìn cách người ấy làm những việc nhỏ nhất khi không ai nhắc nhở.'
];

const TEACHING = [
	'Bác Hồ dạy: "Việc gì lợi cho dân, ta phải hết sức làm. Việc gì hại đến dân, ta phải hết sức tránh."',
	'Người yêu cầu cán bộ phải là người đầy tớ trung thành của nhân dân, chứ không phải là quan cách mạng.',
	'Bác từng viết rằng mỗi người tốt, mỗi việc tốt là một bông hoa đẹp, cả dân tộc ta là một rừng hoa đẹp.',
	'Trong Di chúc, Người căn dặn mỗi đảng viên và cán bộ phải thật sự thấm nhuần đạo đức cách mạng.',
	'Phong cách sống giản dị của Bác, từ bữa cơm đạm bạc đến đôi dép cao su, là bài học lớn về sự khiêm tốn và tiết kiệm.',
	'Người coi trọng việc nói đi đôi với làm, nêu gương trước rồi mới yêu cầu người khác làm theo.',
	'Bác dạy rằng cán bộ phải gần dân, hiểu dân, học dân và có trách nhiệm với dân.',
	'Tư tưởng "cần, kiệm, liêm, chính" của Người vẫn còn nguyên giá trị đối với mỗi người làm công vụ hôm nay.'
];

const STORY: Record<Sector, string[]> = {
	yte: [
		'Chị là điều dưỡng trưởng của một khoa lâm sàng, đã gắn bó với nghề hơn hai mươi năm.',
		'Những đêm trực, chị thường là người cuối cùng rời buồng bệnh, sau khi kiểm tra từng bệnh nhân nặng.',
		'Có bệnh nhân nghèo không đủ tiền mua thuốc, chị lặng lẽ vận động đồng nghiệp quyên góp mà không để ai biết tên mình.',
		'Trong những tháng chống dịch, chị xung phong vào khu cách ly, gửi con nhỏ cho ông bà nội chăm sóc.',
		'Chị luôn dặn các điều dưỡng trẻ rằng người bệnh cần thuốc, nhưng cũng cần một lời nói ân cần.',
		'Chị chưa bao giờ nhận phong bì của người nhà bệnh nhân, và nhẹ nhàng giải thích để họ không phải ngại ngùng.'
	],
	giaoduc: [
		'Thầy đã có hơn mười lăm năm bám trụ ở một điểm trường cách trung tâm xã gần hai mươi cây số.',
		'Mỗi sáng, thầy đi bộ qua con dốc dài để đón những học sinh nhỏ nhất đến lớp.',
		'Nhiều năm liền, thầy dành tiền lương để mua sách vở, áo ấm cho học trò nghèo mà không kể với ai.',
		'Thầy tự học cách soạn bài giảng điện tử để học sinh vùng khó cũng được tiếp cận bài học sinh động.',
		'Với thầy, không để một học sinh nào phải bỏ học giữa chừng là mục tiêu lớn nhất của mỗi năm học.',
		'Khi được đề nghị chuyển về trường ở thị trấn, thầy xin ở lại vì các em còn cần thầy.'
	],
	taichinh: [
		'Anh làm kế toán đã gần hai mươi năm, quen thuộc với từng khoản chi, từng chứng từ của cơ quan.',
		'Anh nổi tiếng là người cẩn thận đến từng đồng, nhưng luôn tận tình hướng dẫn các đơn vị làm đúng thủ tục.',
		'Có lần phát hiện một khoản chi chưa đúng quy định, anh kiên quyết đề nghị thu hồi dù chịu không ít áp lực.',
		'Anh chủ động đề xuất số hóa hồ sơ thanh toán, giúp rút ngắn thời gian xử lý cho các đơn vị.',
		'Trong những ngày cuối năm, anh thường ở lại cơ quan đến khuya để quyết toán kịp thời hạn.',
		'Anh vẫn đi chiếc xe máy cũ, sống giản dị và luôn nói rằng tiền của nhà nước là mồ hôi công sức của nhân dân.'
	],
	tuphap: [
		'Chị làm công chức tư pháp - hộ tịch ở bộ phận một cửa đã hơn mười năm.',
		'Người dân đến làm thủ tục luôn được chị hướng dẫn tận tình, không để ai phải đi lại nhiều lần.',
		'Với người già, người khuyết tật, chị sẵn sàng đến tận nhà để làm giấy tờ khi họ không thể đi lại.',
		'Chị tham gia tổ hòa giải ở cơ sở, kiên nhẫn lắng nghe để hóa giải nhiều mâu thuẫn trong khu dân cư.',
		'Chị tự tay lập sổ theo dõi để không hồ sơ nào bị trễ hẹn, dù không ai yêu cầu.',
		'Chị luôn nói rằng một tờ giấy khai sinh đúng hạn có thể là niềm vui lớn của cả một gia đình.'
	],
	vanphong: [
		'Anh làm công tác văn phòng đã lâu năm, là người đến cơ quan sớm nhất và về muộn nhất.',
		'Mỗi văn bản qua tay anh đều được kiểm tra kỹ từng câu chữ, từng con số trước khi trình ký.',
		'Anh chủ động hướng dẫn đồng nghiệp trẻ sử dụng phần mềm quản lý văn bản và hồ sơ công việc.',
		'Những buổi hội nghị lớn, anh lặng lẽ chuẩn bị từ chiếc ghế, ly nước đến tài liệu cho từng đại biểu.',
		'Anh tiết kiệm từng tờ giấy, từng bóng điện, nhắc nhở mọi người bằng chính việc làm của mình.',
		'Anh chưa bao giờ than phiền về khối lượng công việc, chỉ nói rằng việc của văn phòng là để mọi người yên tâm làm việc.'
	]
};

const LESSON = [
	'Từ tấm gương ấy, tôi hiểu rằng làm theo Bác trước hết là làm tốt nhất công việc được giao.',
	'Điều làm tôi cảm phục không phải là những thành tích lớn, mà là sự bền bỉ, kiên trì qua năm tháng.',
	'Tấm gương ấy cho thấy đạo đức cách mạng được rèn luyện mỗi ngày, không phải ngày một ngày hai mà có.',
	'Sự tận tụy, khiêm tốn và liêm khiết ấy chính là những phẩm chất mà Bác mong muốn ở mỗi cán bộ, đảng viên.',
	'Những việc làm giản dị ấy đã lan tỏa trong tập thể, khiến nhiều đồng nghiệp tự giác noi theo.',
	'Chính những con người như thế đã góp phần làm nên niềm tin của nhân dân đối với Đảng và chính quyền.',
	'Một tấm gương sáng ở cơ sở có sức thuyết phục hơn nhiều khẩu hiệu treo trên tường.'
];

const SELF = [
	'Bản thân tôi đã đăng ký với chi bộ những việc làm cụ thể: đúng giờ, tận tình với người dân và tiết kiệm trong chi tiêu công.',
	'Tôi tự nhủ phải sống chậm lại, lắng nghe nhiều hơn và trách nhiệm hơn với từng việc nhỏ.',
	'Tôi đã cùng đồng nghiệp đề xuất một số cải tiến nhỏ trong quy trình làm việc, giúp tiết kiệm thời gian cho người dân.',
	'Mỗi lần gặp khó khăn trong công việc, tôi lại nghĩ đến tấm gương ấy để cố gắng hơn.',
	'Tôi hiểu rằng học Bác không chỉ là đọc sách, mà là sửa mình từng ngày, từ lời nói đến việc làm.',
	'Chi bộ chúng tôi đã đưa việc kể chuyện tấm gương người tốt việc tốt vào sinh hoạt thường kỳ hằng tháng.',
	'Tôi mong mỗi đảng viên trẻ như tôi sẽ tiếp nối tinh thần ấy trong công việc của mình.'
];

const CLOSING = [
	'Tấm gương bình dị ấy nhắc tôi rằng ai cũng có thể học và làm theo Bác ở chính vị trí của mình.',
	'Những bông hoa nhỏ ấy đã góp phần làm nên vườn hoa đẹp mà Bác hằng mong ước.',
	'Tôi tin rằng những tấm gương như vậy sẽ còn lan tỏa, tiếp thêm sức mạnh cho tập thể chúng ta.',
	'Học tập và làm theo Bác là một hành trình lâu dài, và tôi sẽ tiếp tục bước đi trên hành trình ấy.',
	'Xin được gửi lời tri ân đến những con người lặng lẽ cống hiến, những tấm gương bình dị mà cao quý.',
	'Làm theo Bác, với tôi, bắt đầu từ hôm nay và từ chính những việc nhỏ nhất.'
];

/** `count` distinct sentences of the pool, in a random order. */
function sentences(pool: string[], count: number, random: () => number): string {
	const left = [...pool];
	const out: string[] = [];
	while (out.length < count && left.length > 0)
		out.push(left.splice(Math.floor(random() * left.length), 1)[0]);
	return out.join(' ');
}

/** An essay of 7–9 paragraphs (roughly 500–900 words), built from the pools above for the author's sector. */
export function demoEssayBody(sector: Sector, random: () => number): string {
	const paragraphs = [
		sentences(INTRO, 3, random),
		sentences(TEACHING, 3 + Math.floor(random() * 2), random),
		sentences(STORY[sector], 3, random),
		sentences(STORY[sector], 3, random),
		sentences(TEACHING, 2, random) + ' ' + sentences(LESSON, 2, random),
		sentences(LESSON, 3, random),
		sentences(SELF, 3 + Math.floor(random() * 2), random)
	];
	if (random() < 0.6) paragraphs.push(sentences(SELF, 2, random) + ' ' + sentences(LESSON, 2, random));
	paragraphs.push(sentences(CLOSING, 2, random));
	return paragraphs.join('\n\n');
}

export interface DemoEssaySummary {
	contestId: number;
	roundId: number;
	submitted: number;
	drafts: number;
	withdrawn: number;
	judges: number;
	assignments: number;
	scoresSubmitted: number;
	thirdJudges: number;
	/** what the demo judge finds on signing in */
	demoJudgeLeft: number;
}

/**
 * Seeds the essay contest into a freshly seeded demo (seedDemo calls it after the people exist). `now` decides
 * where the windows fall: submissions opened five weeks ago and closed a week ago, the preliminary round closes
 * in two weeks.
 */
export async function seedDemoEssays(
	db: Db,
	input: { rootUnitId: number; organizerId: number; judgeId: number; participantId: number; now?: Date }
): Promise<DemoEssaySummary> {
	const now = input.now ?? new Date();
	const random = prng(4042026);
	const opensAt = vietnamAt(now, -35, 7);
	const closesAt = vietnamAt(now, -7, 17);

	const created = await createEssayContest(db, {
		title: DEMO_ESSAY.title,
		description:
			'Cuộc thi viết về những tấm gương bình dị mà cao quý trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh, dành cho cán bộ, đảng viên trong Đảng bộ Khối.',
		rules:
			'Mỗi tác giả gửi 01 bài viết từ 300 đến 3.000 chữ, nhập trực tiếp hoặc gửi tệp .docx / .pdf.\nBài viết kể về người thật, việc thật ở cơ quan, đơn vị; không ghi tên tác giả trong bài.\nBan giám khảo chấm vòng sơ khảo (2 giám khảo mỗi bài) và vòng chung khảo (3 giám khảo).',
		eligibleUnitId: input.rootUnitId,
		codePrefix: DEMO_ESSAY.codePrefix,
		opensAt,
		closesAt,
		entriesPerAuthor: 1,
		minWords: 300,
		maxWords: 3000,
		requirement: 'text_or_file',
		maxFileBytes: 10 * 1024 * 1024,
		createdBy: input.organizerId
	});
	if (!created.ok) throw new Error(`demo essay contest: ${created.error}`);
	const contestId = created.value.id;
	const rubric = [
		{
			name: 'Nội dung',
			maxPoints: 60,
			levels:
				'50–60: người thật, việc thật, chi tiết cụ thể, cảm động, có sức lan tỏa\n35–49: đúng chủ đề, có câu chuyện nhưng ít chi tiết\n0–34: chung chung, chưa thấy con người cụ thể'
		},
		{
			name: 'Tính sáng tạo',
			maxPoints: 30,
			levels: '25–30: cách kể mới, góc nhìn riêng\n15–24: có điểm riêng\n0–14: kể theo lối mòn'
		},
		{
			name: 'Hình thức trình bày',
			maxPoints: 10,
			levels: '8–10: bố cục rõ, câu văn trong sáng, không lỗi chính tả\n0–7: còn lỗi diễn đạt, chính tả'
		}
	];
	const first = await createRound(db, contestId, {
		name: 'Sơ khảo',
		scale: 100,
		judgesPerEntry: 2,
		disagreementThreshold: 20,
		settleRule: 'mean',
		advanceRule: 'top_k',
		advanceValue: 10,
		closesAt: vietnamAt(now, 14, 17),
		criteria: rubric
	});
	if (!first.ok) throw new Error(`demo essay round: ${first.error}`);
	const final = await createRound(db, contestId, {
		name: 'Chung khảo',
		scale: 100,
		judgesPerEntry: 3,
		disagreementThreshold: 20,
		settleRule: 'closest_two',
		advanceRule: null,
		advanceValue: null,
		closesAt: null,
		criteria: rubric
	});
	if (!final.ok) throw new Error(`demo essay round: ${final.error}`);
	const tiers = await setAwardTiers(db, contestId, [
		{ name: 'Nhất', count: 1 },
		{ name: 'Nhì', count: 2 },
		{ name: 'Ba', count: 3 },
		{ name: 'Khuyến khích', count: 5 }
	]);
	if (!tiers.ok) throw new Error(`demo essay tiers: ${tiers.error}`);
	const published = await setPublished(db, contestId, true);
	if (!published.ok) throw new Error(`demo essay publish: ${published.error}`);

	// Judges: the demo judge and the first person of each other judging unit.
	const judgeUnits = await db
		.select({ id: units.id, code: units.code })
		.from(units)
		.where(inArray(units.code, [...DEMO_ESSAY_JUDGE_UNITS]));
	const judgeUnitIds = judgeUnits.map((u) => u.id);
	const judgeIds = [input.judgeId];
	for (const code of DEMO_ESSAY_JUDGE_UNITS.slice(1)) {
		const unitId = judgeUnits.find((u) => u.code === code)!.id;
		const [person] = await db
			.select({ id: users.id })
			.from(users)
			.where(and(eq(users.unitId, unitId), ne(users.id, input.participantId)))
			.orderBy(asc(users.id))
			.limit(1);
		judgeIds.push(person.id);
	}
	for (const id of judgeIds) {
		const added = await addJudge(db, contestId, id, input.organizerId);
		if (!added.ok) throw new Error(`demo essay judge: ${added.error}`);
	}

	// Authors: the demo participant, then people taken in turn from each unit that has no judge.
	const candidates = await db
		.select({ id: users.id, unitId: users.unitId, unitCode: units.code })
		.from(users)
		.innerJoin(units, eq(units.id, users.unitId))
		.where(eq(units.depth, 2))
		.orderBy(asc(users.id));
	const participant = candidates.find((c) => c.id === input.participantId);
	const byUnit = new Map<number, typeof candidates>();
	for (const c of candidates) {
		if (judgeUnitIds.includes(c.unitId) || judgeIds.includes(c.id) || c.id === input.participantId) continue;
		byUnit.set(c.unitId, [...(byUnit.get(c.unitId) ?? []), c]);
	}
	const authors = participant ? [participant] : [];
	const total = DEMO_ESSAY.submitted + DEMO_ESSAY.drafts + DEMO_ESSAY.withdrawn;
	for (let turn = 0; authors.length < total; turn++) {
		for (const list of byUnit.values()) {
			// every other person of the unit, so the authors are not simply its first accounts
			const person = list[turn * 2 + 1];
			if (person && authors.length < total) authors.push(person);
		}
	}

	// Entries, each created and submitted at its own moment of the window.
	const span = closesAt.getTime() - opensAt.getTime() - DAY;
	const usedTitles = new Set<string>();
	// the demo's entries are typed text: the store is never read, any driver does
	const files = new PostgresStore(db);
	for (const [i, author] of authors.entries()) {
		const sector = sectorOf(author.unitCode);
		let title = '';
		do {
			const head = TITLE_HEAD[Math.floor(random() * TITLE_HEAD.length)];
			const tail = TITLE_TAIL[sector][Math.floor(random() * 5)];
			// "… nơi phòng khám đêm" reads on; "… – người điều dưỡng của khoa tôi" needs a pause
			title = /^(nơi|bên|trên|trong|giữa|sau|của) /.test(tail) ? `${head} ${tail}` : `${head} – ${tail}`;
		} while (usedTitles.has(title));
		usedTitles.add(title);
		const at = new Date(opensAt.getTime() + DAY / 2 + Math.floor((span * (i + random())) / total));
		const body = demoEssayBody(sector, random);
		const made = await createEntry(db, {
			contestId,
			authorId: author.id,
			authorUnitId: author.unitId,
			title,
			now: at
		});
		if (!made.ok) throw new Error(`demo essay entry: ${made.error}`);
		const edit = { entryId: made.entryId, authorId: author.id, title, files, now: at };
		if (i >= DEMO_ESSAY.submitted && i < DEMO_ESSAY.submitted + DEMO_ESSAY.drafts) {
			// a draft left half-written when the window closed
			const saved = await updateDraft(db, { ...edit, body: body.split('\n\n').slice(0, 2).join('\n\n') });
			if (!saved.ok) throw new Error(`demo essay draft: ${saved.error}`);
			continue;
		}
		const sent = await submitEntry(db, { ...edit, body });
		if (!sent.ok) throw new Error(`demo essay submit: ${sent.error}`);
		if (i >= DEMO_ESSAY.submitted) {
			const gone = await withdrawEntry(db, { ...edit, now: new Date(at.getTime() + 2 * HOUR) });
			if (!gone.ok) throw new Error(`demo essay withdraw: ${gone.error}`);
		}
	}

	// Judging: open the first round, assign, and replay a week of scoring in time order.
	const roundId = first.value.round.id;
	const opened = await openRound(db, roundId);
	if (!opened.ok) throw new Error(`demo essay open round: ${opened.error}`);
	const assigned = await autoAssign(db, roundId, input.organizerId);
	if (!assigned.ok) throw new Error(`demo essay assign: ${assigned.error}`);
	const criteria = first.value.criteria;
	const rows = await db
		.select({
			id: assignments.id,
			entryId: assignments.entryId,
			judgeId: assignments.judgeId,
			code: entries.code
		})
		.from(assignments)
		.innerJoin(entries, eq(entries.id, assignments.entryId))
		.where(eq(assignments.roundId, roundId))
		.orderBy(asc(entries.code), asc(assignments.id));

	const bias = new Map(judgeIds.map((id, i) => [id, [0.03, -0.04, 0.01, -0.02][i % 4]]));
	const quality = new Map<number, number>();
	for (const r of rows) if (!quality.has(r.entryId)) quality.set(r.entryId, 0.5 + random() * 0.38);
	const half = (x: number) => Math.round(x * 2) / 2;
	const pointsFor = (fraction: number) => {
		const points: Record<string, number> = {};
		for (const c of criteria) {
			const f = Math.min(1, Math.max(0.2, fraction + (random() - 0.5) * 0.06));
			points[String(c.id)] = half(c.maxPoints * f);
		}
		return points;
	};
	const comments = [
		'Bài viết có nội dung chân thực, cảm động; cần chọn lọc chi tiết hơn.',
		'Bố cục rõ ràng, dẫn chứng cụ thể, liên hệ bản thân còn chung chung.',
		'Cách kể chuyện tự nhiên, tấm gương gần gũi, có sức lan tỏa.',
		'Ý tưởng quen thuộc, cần khai thác sâu hơn nét riêng của nhân vật.',
		'Trình bày mạch lạc, lời văn trong sáng.',
		''
	];

	const mine = rows.filter((r) => r.judgeId === input.judgeId);
	const left = new Set(mine.slice(-DEMO_ESSAY.judgeLeft).map((r) => r.id));
	const drafts = new Set(
		mine.slice(-DEMO_ESSAY.judgeLeft, -DEMO_ESSAY.judgeLeft + DEMO_ESSAY.judgeDrafts).map((r) => r.id)
	);
	// each other judge also has their last two entries still to do
	for (const id of judgeIds.slice(1))
		for (const r of rows.filter((x) => x.judgeId === id).slice(-2)) left.add(r.id);
	const entryIds = [...quality.keys()];
	const scoredFully = entryIds.filter((e) =>
		rows.filter((r) => r.entryId === e).every((r) => !left.has(r.id))
	);
	const split = new Set(scoredFully.filter((_, i) => i % 8 === 3).slice(0, DEMO_ESSAY.disagreements));

	let clock = closesAt.getTime() + DAY;
	const step = Math.floor((now.getTime() - 2 * HOUR - clock) / (rows.length + 10));
	const tick = () => new Date((clock += step));
	let scoresSubmitted = 0;
	for (const entryId of entryIds) {
		const onEntry = rows.filter((r) => r.entryId === entryId);
		for (const [k, r] of onEntry.entries()) {
			if (left.has(r.id) && !drafts.has(r.id)) continue;
			let fraction = quality.get(entryId)! + bias.get(r.judgeId)!;
			if (split.has(entryId)) fraction = quality.get(entryId)! + (k === 0 ? -0.14 : 0.14);
			const points = pointsFor(fraction);
			if (drafts.has(r.id)) {
				// a draft: the content criterion marked, the rest not yet
				const draft = { [String(criteria[0].id)]: points[String(criteria[0].id)] };
				const saved = await saveScore(
					db,
					r.id,
					r.judgeId,
					{ points: draft, comment: '', submit: false },
					tick()
				);
				if (!saved.ok) throw new Error(`demo essay draft score: ${saved.error}`);
				continue;
			}
			const comment = comments[Math.floor(random() * comments.length)];
			const saved = await saveScore(db, r.id, r.judgeId, { points, comment, submit: true }, tick());
			if (!saved.ok) throw new Error(`demo essay score: ${saved.error}`);
			scoresSubmitted++;
		}
	}

	// Third judges: those called in have scored, except the demo judge (a "third judge" badge waits there) and
	// the last one called.
	const thirds = await db
		.select({ id: assignments.id, entryId: assignments.entryId, judgeId: assignments.judgeId })
		.from(assignments)
		.where(and(eq(assignments.roundId, roundId), eq(assignments.source, 'third')))
		.orderBy(asc(assignments.id));
	for (const [i, t] of thirds.entries()) {
		if (t.judgeId === input.judgeId || i === thirds.length - 1) continue;
		const points = pointsFor(quality.get(t.entryId)! + bias.get(t.judgeId)!);
		const saved = await saveScore(
			db,
			t.id,
			t.judgeId,
			{ points, comment: comments[i % 5], submit: true },
			tick()
		);
		if (!saved.ok) throw new Error(`demo essay third score: ${saved.error}`);
		scoresSubmitted++;
	}
	return {
		contestId,
		roundId,
		submitted: DEMO_ESSAY.submitted,
		drafts: DEMO_ESSAY.drafts,
		withdrawn: DEMO_ESSAY.withdrawn,
		judges: judgeIds.length,
		assignments: rows.length + thirds.length,
		scoresSubmitted,
		thirdJudges: thirds.length,
		demoJudgeLeft:
			mine.filter((r) => left.has(r.id)).length + thirds.filter((t) => t.judgeId === input.judgeId).length
	};
}
