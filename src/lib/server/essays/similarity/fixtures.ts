/** Hand-written Vietnamese prose for the similarity specs: an essay of five paragraphs and an unrelated text. */
export const ESSAY = [
	'Quê hương tôi là một làng nhỏ nằm bên dòng sông Hồng, nơi những bãi ngô xanh mướt trải dài tới tận chân đê. Mỗi sáng, tiếng gà gáy hòa cùng tiếng máy cày tạo nên một bản nhạc quen thuộc mà tôi mang theo suốt những năm tháng xa nhà.',
	'Ông nội tôi từng là bộ đội, đi qua hai cuộc kháng chiến rồi trở về làm ruộng như bao người nông dân khác. Ông thường kể rằng hạnh phúc lớn nhất của đời người là được sống trong hòa bình, được nhìn con cháu đến trường mỗi buổi sớm mai.',
	'Những năm gần đây, làng tôi đổi thay từng ngày. Con đường đất lầy lội ngày xưa nay đã được đổ bê tông phẳng phiu, trường học mới khang trang mọc lên giữa cánh đồng, và đêm đêm ánh điện sáng rực khắp các ngõ xóm.',
	'Tuổi trẻ hôm nay không chỉ học tập để lập nghiệp cho riêng mình mà còn phải biết gìn giữ những giá trị tốt đẹp mà cha ông để lại. Tình làng nghĩa xóm, sự cần cù chịu khó và lòng biết ơn là hành trang theo chúng tôi đi khắp mọi miền.',
	'Tôi tin rằng mỗi người con xa quê đều mang trong tim hình ảnh dòng sông, lũy tre và mái đình cổ kính. Chính những điều giản dị ấy nuôi dưỡng tâm hồn, nhắc nhở chúng ta sống tử tế và góp sức nhỏ bé của mình dựng xây đất nước.'
].join('\n\n');

export const UNRELATED = [
	'Hướng dẫn bảo dưỡng máy bơm nước gia đình: trước khi tháo nắp, hãy ngắt nguồn điện và khóa van đầu vào. Kiểm tra phớt chặn, vòng bi và cánh quạt xem có bị mòn, nứt hay bám cặn vôi không.',
	'Nếu động cơ kêu to bất thường, có thể tụ điện đã yếu hoặc trục bị lệch. Thay dầu bôi trơn sáu tháng một lần, vệ sinh lưới lọc hàng tuần vào mùa mưa và ghi lại áp suất đo được để so sánh về sau.',
	'Khi lắp đặt lại, siết đều các bu lông theo hình chéo, xả hết khí trong buồng bơm rồi mới bật công tắc. Đo dòng điện chạy thử trong mười phút; nếu vượt mức ghi trên nhãn, tắt máy ngay và liên hệ thợ kỹ thuật.'
].join('\n\n');

/** The essay with its paragraphs in another order. */
export function reordered(text: string): string {
	const p = text.split('\n\n');
	return [p[3], p[0], p[4], p[2], p[1]].join('\n\n');
}

/** The essay with every fifth word replaced by another word. */
export function everyFifthChanged(text: string): string {
	let i = 0;
	return text.replace(/[\p{L}\p{N}]+/gu, (w) => (++i % 5 === 0 ? `khác${i}` : w));
}
