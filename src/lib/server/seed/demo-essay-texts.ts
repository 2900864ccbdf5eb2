// The demo essays' words: titles and 7–9 paragraph bodies composed from sentence pools per sector, so every
// seed writes the same plausible texts from the same random sequence.

export type Sector = 'yte' | 'giaoduc' | 'taichinh' | 'tuphap' | 'vanphong';

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

/** A title from a sector's pool (draws two random numbers, as the seed always has). */
export function demoEssayTitle(sector: Sector, random: () => number): string {
	const head = TITLE_HEAD[Math.floor(random() * TITLE_HEAD.length)];
	const tail = TITLE_TAIL[sector][Math.floor(random() * 5)];
	// "… nơi phòng khám đêm" reads on; "… – người điều dưỡng của khoa tôi" needs a pause
	return /^(nơi|bên|trên|trong|giữa|sau|của) /.test(tail) ? `${head} ${tail}` : `${head} – ${tail}`;
}
