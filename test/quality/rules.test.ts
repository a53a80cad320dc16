import { describe, expect, it } from 'vitest';
import {
  modifiedZ,
  outlierWarning,
  previousYearPeriod,
  robustCentre,
  yearOnYearWarning,
} from '../../src/quality/rules.ts';

describe('year-on-year change', () => {
  it('warns on a percentage beyond ±30 points, not at 30', () => {
    expect(yearOnYearWarning({ type: 'percent', previous: 60, current: 90 })).toBeNull();
    expect(yearOnYearWarning({ type: 'percent', previous: 60, current: 30 })).toBeNull();
    expect(yearOnYearWarning({ type: 'percent', previous: 60, current: 90.1 })?.vi).toBe(
      'Thay đổi +30,1 điểm phần trăm so với cùng kỳ năm trước (60% → 90,1%), vượt ngưỡng ±30 điểm',
    );
    expect(yearOnYearWarning({ type: 'percent', previous: 60, current: 29.9 })?.vi).toMatch(
      /^Thay đổi -30,1 điểm/,
    );
  });

  it('warns on a number beyond ±50 %, not at 50 %, never from zero', () => {
    expect(yearOnYearWarning({ type: 'number', previous: 40, current: 60 })).toBeNull();
    expect(yearOnYearWarning({ type: 'number', previous: 40, current: 20 })).toBeNull();
    expect(yearOnYearWarning({ type: 'number', previous: 40, current: 60.4 })?.vi).toBe(
      'Thay đổi +51% so với cùng kỳ năm trước (40 → 60,4), vượt ngưỡng ±50%',
    );
    expect(yearOnYearWarning({ type: 'number', previous: 40, current: 19.9 })).not.toBeNull();
    expect(yearOnYearWarning({ type: 'number', previous: 0, current: 1000 })).toBeNull();
  });

  it('takes a measure’s own limits and ignores yes/no figures', () => {
    expect(
      yearOnYearWarning({ type: 'percent', previous: 60, current: 71, changePoints: 10 }),
    ).not.toBeNull();
    expect(yearOnYearWarning({ type: 'number', previous: 100, current: 179, changePct: 80 })).toBeNull();
    expect(yearOnYearWarning({ type: 'boolean', previous: 0, current: 1 })).toBeNull();
  });

  it('compares with the same period a year earlier', () => {
    expect(previousYearPeriod('2024')).toBe('2023');
    expect(previousYearPeriod('2024Q3')).toBe('2023Q3');
    expect(previousYearPeriod('2024-07')).toBe('2023-07');
    expect(previousYearPeriod('24')).toBeNull();
  });
});

describe('outliers among sibling units', () => {
  const siblings = [88, 90, 91, 92, 93, 94, 95, 96];

  it('computes the median, MAD and modified z-score', () => {
    expect(robustCentre([1, 2, 3, 4, 100])).toEqual({ median: 3, mad: 1 });
    expect(modifiedZ(100, { median: 3, mad: 1 })).toBeCloseTo(65.43, 2);
    expect(modifiedZ(5, { median: 5, mad: 0 })).toBeNull();
  });

  it('warns beyond a score of 3,5 and not at it', () => {
    // median 92,5, MAD 2: the score of x is 0,6745 × (x − 92,5) / 2; 3,5 is reached at 82,12…
    const at = 92.5 - (3.5 * 2) / 0.6745;
    const list = (x: number) => [...siblings.slice(1), x];
    expect(robustCentre(list(at + 0.01))).toEqual({ median: 92.5, mad: 2 });
    expect(outlierWarning(at + 0.01, list(at + 0.01), 'percent')).toBeNull();
    const w = outlierWarning(at - 0.01, list(at - 0.01), 'percent');
    expect(w?.vi).toMatch(
      /^Khác biệt lớn so với 8 đơn vị cùng cấp: 82,1%, trung vị 92,5% \(điểm lệch -3,5, ngưỡng ±3,5\)$/,
    );
  });

  it('needs at least 8 siblings and some spread', () => {
    expect(outlierWarning(20, [...siblings.slice(0, 6), 20], 'percent')).toBeNull();
    expect(outlierWarning(20, [...siblings.slice(0, 7), 20], 'percent')).not.toBeNull();
    expect(outlierWarning(20, [90, 90, 90, 90, 90, 91, 92, 20], 'percent')).toBeNull();
  });
});
