import { fileURLToPath } from 'node:url';
import { expect, newPerson, SignUpPage, test, submitQuiz, postForm } from './fixtures';

/** The sample bank committed for browser tests (built by src/lib/server/quiz/parsers/fixtures/make-fixtures.ts). */
const SAMPLE_DOCX = fileURLToPath(
	new URL('../../src/lib/server/quiz/parsers/fixtures/ngan-hang-mau.docx', import.meta.url)
);

/** Its five questions: a piece of each question's text, and the right options' texts. */
const SAMPLE_ANSWERS = [
	{ question: 'Khi tiếp công dân', right: ['Lịch sự, tôn trọng, lắng nghe'] },
	{ question: 'hút thuốc lá trong phòng làm việc', right: ['Sai'] },
	{ question: 'Những việc nào cán bộ', right: ['Đeo thẻ công chức', 'Mặc trang phục gọn gàng, lịch sự'] },
	// written decomposed (NFD) in the file: the import must store it composed for this text to match
	{ question: 'Chỉ thị 05-CT/TW của Bộ Chính trị', right: ['2016'] },
	{ question: 'gốc của người cách mạng', right: ['Đạo đức'] }
];

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** An instant as a `datetime-local` value in Vietnam time (UTC+7, no daylight saving): "2026-11-23T10:00". */
function vietnamLocal(ms: number): string {
	return new Date(ms + 7 * 60 * MINUTE).toISOString().slice(0, 16);
}

test('an organizer imports a Word bank, runs a contest on it, and freezes a round a new participant has taken', async ({
	page,
	signInAs,
	browser
}) => {
	test.setTimeout(60_000);
	const suffix = Date.now().toString(36).toUpperCase();
	const topicName = `Quy tắc ứng xử ${suffix}`;
	const contestTitle = `Tìm hiểu quy tắc ứng xử ${suffix}`;
	const now = Date.now();
	let contestUrl = '';

	await test.step('the organizer creates a topic and imports the sample Word bank into it', async () => {
		await signInAs('organizer');
		await page.getByRole('navigation').getByRole('link', { name: 'Ngân hàng câu hỏi' }).click();
		await expect(page.getByRole('heading', { name: 'Ngân hàng câu hỏi', level: 1 })).toBeVisible();
		await page.getByLabel('Tên chủ đề').fill(topicName);
		await page.getByLabel('Mô tả (không bắt buộc)').fill('Chủ đề tạo bởi kiểm thử trình duyệt.');
		await page.getByRole('button', { name: 'Tạo chủ đề' }).click();
		await expect(page.getByRole('status')).toHaveText(`Đã tạo chủ đề “${topicName}”.`);
		const topicRow = page.getByRole('table').getByRole('row').filter({ hasText: topicName });
		await expect(topicRow.getByRole('cell').nth(1)).toHaveText('0');

		await page.getByRole('link', { name: 'Nhập câu hỏi từ tệp' }).click();
		await expect(page.getByRole('heading', { name: 'Nhập câu hỏi từ tệp', level: 1 })).toBeVisible();
		await page.getByLabel('Nhập vào chủ đề').selectOption({ label: topicName });
		await page.getByLabel('Tệp câu hỏi').setInputFiles(SAMPLE_DOCX);
		await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();

		await expect(page.getByRole('heading', { name: 'Kết quả kiểm tra' })).toBeVisible();
		await expect(page.getByText('Tệp “ngan-hang-mau.docx” (Word).')).toBeVisible();
		const counts = page.locator('dl > div');
		await expect(counts.filter({ hasText: 'Số câu trong tệp' })).toContainText('5');
		await expect(counts.filter({ hasText: 'Sẽ nhập mới' })).toContainText('5');
		await expect(counts.filter({ hasText: 'Có lỗi, bỏ qua' })).toContainText('0');
		await expect(page.getByRole('table', { name: 'Các vấn đề trong tệp' })).toHaveCount(0);
		const previewed = page.getByRole('article');
		await expect(previewed).toHaveCount(5);
		for (const [i, { question, right }] of SAMPLE_ANSWERS.entries()) {
			const card = previewed.filter({ hasText: question });
			await expect(card).toContainText(`Câu ${i + 1}`);
			await expect(card).toContainText('Sẽ nhập');
			for (const option of right) {
				await expect(card.getByRole('listitem').filter({ hasText: option })).toContainText('Đáp án đúng');
			}
		}

		await page.getByRole('button', { name: 'Xác nhận nhập 5 câu hỏi' }).click();
		await expect(page.getByRole('heading', { name: 'Đã nhập xong' })).toBeVisible();
		await expect(page.getByText('Đã nhập 5 câu hỏi mới.')).toBeVisible();
		await page.getByRole('link', { name: 'Xem các câu hỏi của chủ đề' }).click();
		await expect(page.getByRole('heading', { name: topicName, level: 1 })).toBeVisible();
		await expect(page.getByRole('article')).toHaveCount(5);
	});

	await test.step('the organizer creates a contest open to everyone with two rounds, then publishes it', async () => {
		await page.getByRole('navigation').getByRole('link', { name: 'Quản lý cuộc thi', exact: true }).click();
		await page.getByRole('link', { name: 'Tạo cuộc thi mới' }).click();
		await page.getByLabel('Tên cuộc thi').fill(contestTitle);
		await page.getByLabel('Giới thiệu').fill('Cuộc thi tạo bởi kiểm thử trình duyệt.');
		await page.getByRole('radio', { name: 'Mọi người đều được tham gia' }).check();
		await page.getByRole('button', { name: 'Tạo cuộc thi' }).click();
		await expect(page.getByRole('heading', { name: contestTitle, level: 1 })).toBeVisible();
		await expect(page.getByRole('heading', { name: 'Trạng thái Bản nháp' })).toBeVisible();
		contestUrl = page.url();

		// round 1: opened five minutes ago, closes in three days
		await page.getByRole('link', { name: 'Thêm vòng thi' }).click();
		await expect(page.getByRole('heading', { name: 'Thêm vòng thi', level: 2 })).toBeVisible();
		await page.getByLabel('Tên vòng thi').fill('Tuần 1');
		await page.getByLabel('Giờ mở').fill(vietnamLocal(now - 5 * MINUTE));
		await page.getByLabel('Giờ đóng').fill(vietnamLocal(now + 3 * DAY));
		await expect(page.getByText(/^Vòng thi mở trong 3 ngày 5 phút\.$/)).toBeVisible();
		await page.getByLabel(topicName, { exact: true }).fill('5');
		await expect(page.locator('#topics-total')).toHaveText('5');
		// a browser test answers faster than a person: no fast-attempt check here (quiz-integrity.spec.ts has one)
		await page.getByLabel('Thời gian tối thiểu mỗi câu (giây)').fill('0');
		await page.getByRole('button', { name: 'Tạo vòng thi' }).click();
		await expect(page.getByRole('status')).toHaveText('Đã lưu vòng thi “Tuần 1”.');
		const first = page.getByRole('article', { name: 'Tuần 1', exact: true });
		await expect(first).toContainText('Đang mở');
		await expect(first).toContainText('5 câu');

		// round 2: the form suggests the next name and the same topics; it opens next week
		await page.getByRole('link', { name: 'Thêm vòng thi' }).click();
		await expect(page.getByLabel('Tên vòng thi')).toHaveValue('Tuần 2');
		await expect(page.getByLabel(topicName, { exact: true })).toHaveValue('5');
		await page.getByLabel('Giờ mở').fill(vietnamLocal(now + 7 * DAY));
		await page.getByLabel('Giờ đóng').fill(vietnamLocal(now + 14 * DAY));
		await page.getByRole('button', { name: 'Tạo vòng thi' }).click();
		await expect(page.getByRole('status')).toHaveText('Đã lưu vòng thi “Tuần 2”.');
		await expect(page.getByRole('article', { name: 'Tuần 2', exact: true })).toContainText('Sắp mở');

		await page.getByRole('button', { name: 'Công bố cuộc thi' }).click();
		await expect(page.getByRole('status')).toHaveText(
			'Đã công bố cuộc thi. Người dự thi thuộc đối tượng tham gia đã thấy cuộc thi.'
		);
		await expect(page.getByRole('heading', { name: 'Trạng thái Đã công bố' })).toBeVisible();
	});

	// the participant browses in a browser of their own while the organizer stays signed in
	const participantContext = await browser.newContext();
	const participant = await participantContext.newPage();
	const person = newPerson({ fullName: 'Hoàng Văn Dự Thi' });

	await test.step('a new participant takes round 1 and answers every question', async () => {
		const signUp = new SignUpPage(participant);
		await signUp.goto();
		await signUp.fill(person);
		await signUp.submit.click();
		await expect(participant.getByText(`Xin chào, ${person.fullName}.`)).toBeVisible();

		await participant.getByRole('navigation').getByRole('link', { name: 'Cuộc thi', exact: true }).click();
		const contest = participant.getByRole('region', { name: contestTitle });
		await expect(contest.getByRole('listitem').filter({ hasText: 'Tuần 2' })).toContainText('Sắp mở');
		await expect(contest.getByRole('listitem').filter({ hasText: 'Tuần 1' })).toContainText('Đang mở');
		await contest.getByRole('link', { name: 'Tuần 1' }).click();
		await expect(
			participant.getByRole('heading', { name: `${contestTitle}: Tuần 1`, level: 1 })
		).toBeVisible();
		await expect(participant.getByText('5 câu hỏi, 20 phút')).toBeVisible();
		await expect(participant.getByText('Còn 3 trên 3 lượt làm bài')).toBeVisible();
		await participant.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
		await expect(participant).toHaveURL(/\/quiz\/\d+$/);

		await expect(participant.locator('ol.questions > li')).toHaveCount(SAMPLE_ANSWERS.length);
		for (const { question, right } of SAMPLE_ANSWERS) {
			const group = participant.getByRole('group', { name: question });
			for (const option of right) {
				await group.getByRole(right.length > 1 ? 'checkbox' : 'radio', { name: option }).check();
			}
			await expect(group.getByText('Đã lưu')).toBeVisible();
		}
		await expect(participant.getByRole('timer')).toContainText('Đã trả lời 5/5');
		await participant.getByLabel(/Câu hỏi dự đoán/).fill('1');
		await submitQuiz(participant);
		await expect(participant.getByRole('heading', { name: 'Kết quả bài làm' })).toBeVisible();
		await expect(participant.getByText('Đúng 5/5 câu')).toBeVisible();

		await participant.getByRole('link', { name: '← Tuần 1' }).click();
		await expect(participant.getByText('Còn 2 trên 3 lượt làm bài')).toBeVisible();
		const mine = participant.getByRole('region', { name: 'Kết quả của tôi' });
		await expect(mine).toContainText('Đúng 5/5 câu');
		await expect(mine).toContainText('Thứ hạng sẽ được công bố khi Ban tổ chức công bố kết quả.');
		await expect(participant.getByRole('link', { name: 'Bảng xếp hạng', exact: true })).toHaveCount(0);
	});

	await test.step('the organizer freezes round 1; the participant sees their rank and the leaderboard', async () => {
		await page.goto(contestUrl);
		const first = page.getByRole('article', { name: 'Tuần 1', exact: true });
		await expect(first).toContainText('1 lượt đã làm');
		await expect(first).toContainText('Kết quả: Đang ẩn');
		await first.getByRole('button', { name: 'Tạm khóa bảng xếp hạng' }).click();
		await expect(first.getByRole('status')).toHaveText('Đã tạm khóa bảng xếp hạng ở thời điểm này.');
		await expect(first).toContainText('Kết quả: Đã tạm khóa');
		await expect(first.getByRole('button', { name: 'Tạm khóa bảng xếp hạng' })).toHaveCount(0);

		await participant.reload();
		await expect(participant.getByRole('region', { name: 'Kết quả của tôi' })).toContainText('Xếp hạng: 1');
		await participant.getByRole('link', { name: 'Bảng xếp hạng', exact: true }).click();
		await expect(participant.getByRole('heading', { name: 'Bảng xếp hạng: Tuần 1', level: 1 })).toBeVisible();
		await expect(participant.getByText(/^Bảng xếp hạng tạm thời/)).toBeVisible();
		await expect(participant.getByText('Xếp hạng: 1')).toBeVisible();
		const rows = participant.getByRole('table', { name: 'Bảng xếp hạng: Tuần 1' }).getByRole('row');
		await expect(rows).toHaveCount(2);
		const me = rows.filter({ hasText: person.fullName });
		await expect(me).toHaveAttribute('aria-current', 'true');
		await expect(me).toContainText('(bạn)');
		await expect(me.getByRole('cell').first()).toHaveText('1');
		await expect(me.getByRole('cell').nth(3)).toHaveText('5');
	});

	await participantContext.close();
});

test('a malformed hide/show of a bank question (not a number, not a state) is a 400 with a message, never a 500', async ({
	page,
	signInAs
}) => {
	await signInAs('organizer');
	await page.goto('/organize/bank');
	const href = await page.getByRole('table').getByRole('link').first().getAttribute('href');
	const topic = href!.match(/\/organize\/bank\/(\d+)/)![1];
	const post = (form: Record<string, string>) => postForm(page, `/organize/bank/${topic}?/toggle`, form);
	const answers = await Promise.all([
		post({}),
		post({ questionId: 'abc', active: 'true' }),
		post({ questionId: '2147483648', active: 'false' })
	]);
	expect(answers).toEqual([400, 400, 400]);
});
