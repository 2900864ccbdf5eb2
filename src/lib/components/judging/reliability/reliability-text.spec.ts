import { describe, expect, it } from 'vitest';
import { alphaBand, coefficient, flagText, iccBand } from './reliability-text';

describe('reliability wording', () => {
	it('names the Koo & Li bands for ICC and Krippendorff’s for alpha', () => {
		expect([0.3, 0.5, 0.8, 0.95].map(iccBand)).toEqual(['kém', 'trung bình', 'tốt', 'rất tốt']);
		expect([0.85, 0.7, 0.5].map(alphaBand)).toEqual(['đáng tin cậy', 'tạm chấp nhận', 'chưa đáng tin cậy']);
		expect(coefficient(0.7778, 'tốt')).toBe('0,78 (tốt)');
	});

	it('says why a judge stands out in plain Vietnamese', () => {
		expect(flagText({ code: 'lenient', points: 2.34, entries: 12 })).toBe(
			'Chấm cao hơn các giám khảo khác trung bình 2,3 điểm trên 12 bài chung'
		);
		expect(flagText({ code: 'harsh', points: 4, entries: 5 })).toBe(
			'Chấm thấp hơn các giám khảo khác trung bình 4 điểm trên 5 bài chung'
		);
		expect(flagText({ code: 'narrow_spread', sd: 0.5, roundSd: 30.04, scores: 6 })).toBe(
			'Điểm ít phân hoá: độ lệch chuẩn 0,5, trong khi cả vòng là 30 (6 bài)'
		);
	});
});
