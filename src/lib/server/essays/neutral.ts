/** What replaces the author's name in a judge's copy. */
export const NEUTRAL_AUTHOR = 'Ẩn danh';
/** The only title a judge's copy carries: an author's own title may name them ("Bài dự thi – Nguyễn Văn A"). */
export const NEUTRAL_TITLE = 'Bài dự thi';
