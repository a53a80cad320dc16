import { describe, expect, it } from 'vitest';
import {
  actualToDate,
  checkAllocation,
  defaultSettings,
  periodEndMonth,
  projectYearEnd,
  reportTiming,
  targetStatus,
} from '../src/targets/compute.ts';

describe('allocation checks', () => {
  it('sum: children must add up to at least the parent', () => {
    const ind = { aggregation: 'sum', direction: 'higher' } as const;
    const short = checkAllocation(ind, 1000, [
      { holder: 'A', target: 400 },
      { holder: 'B', target: 300 },
      { holder: 'C', target: 250 },
    ]);
    expect(short.combined).toBe(950);
    expect(short.ok).toBe(false);
    expect(short.shortfall).toBe(50);
    expect(short.difference).toBe(-50);
    expect(short.rule.vi).toContain('950 < 1.000');
    const exact = checkAllocation(ind, 0.3, [
      { holder: 'A', target: 0.1 },
      { holder: 'B', target: 0.2 },
    ]);
    expect(exact.ok).toBe(true);
    expect(exact.shortfall).toBe(0);
  });

  it('sum, lower is better: children must stay within the parent (spending cap)', () => {
    const ind = { aggregation: 'sum', direction: 'lower' } as const;
    const over = checkAllocation(ind, 100, [
      { holder: 'A', target: 60 },
      { holder: 'B', target: 45 },
    ]);
    expect(over.ok).toBe(false);
    expect(over.shortfall).toBe(5);
    expect(checkAllocation(ind, 100, [{ holder: 'A', target: 100 }]).ok).toBe(true);
  });

  it('rate: the population-weighted rate must reach the parent', () => {
    const ind = { aggregation: 'rate', direction: 'higher' } as const;
    // (95·1000 + 90·3000) / 4000 = 91.25
    const r = checkAllocation(ind, 92, [
      { holder: 'A', target: 95, weight: 1000 },
      { holder: 'B', target: 90, weight: 3000 },
    ]);
    expect(r.combined).toBe(91.25);
    expect(r.ok).toBe(false);
    expect(r.shortfall).toBeCloseTo(0.75, 10);
    // A plain average (92.5) would have passed: the weighting matters.
    expect(
      checkAllocation(ind, 91.25, [
        { holder: 'A', target: 95, weight: 1000 },
        { holder: 'B', target: 90, weight: 3000 },
      ]).ok,
    ).toBe(true);
    const noWeight = checkAllocation(ind, 92, [
      { holder: 'A', target: 95, weight: 1000 },
      { holder: 'B', target: 90, weight: null },
    ]);
    expect(noWeight.ok).toBeNull();
    expect(noWeight.missingWeights).toEqual(['B']);
  });

  it('rate, lower is better: the weighted poor-household rate must stay at or below the parent', () => {
    const ind = { aggregation: 'rate', direction: 'lower' } as const;
    // (1·100 + 3·300) / 400 = 2.5
    const r = checkAllocation(ind, 2, [
      { holder: 'A', target: 1, weight: 100 },
      { holder: 'B', target: 3, weight: 300 },
    ]);
    expect(r.combined).toBe(2.5);
    expect(r.ok).toBe(false);
    expect(r.shortfall).toBe(0.5);
  });

  it('weighted_average: weighted by the given measure', () => {
    const ind = { aggregation: 'weighted_average', direction: 'higher' } as const;
    // (100·2 + 70·1) / 3 = 90
    const r = checkAllocation(ind, 90, [
      { holder: 'A', target: 100, weight: 2 },
      { holder: 'B', target: 70, weight: 1 },
    ]);
    expect(r.combined).toBe(90);
    expect(r.ok).toBe(true);
  });

  it('last: every child must reach the parent; the weakest decides', () => {
    const ind = { aggregation: 'last', direction: 'higher' } as const;
    const r = checkAllocation(ind, 8, [
      { holder: 'A', target: 9 },
      { holder: 'B', target: 7.5 },
    ]);
    expect(r.combined).toBe(7.5);
    expect(r.ok).toBe(false);
    expect(r.shortfall).toBe(0.5);
  });

  it('a child without a target: the check cannot conclude and names it', () => {
    const r = checkAllocation({ aggregation: 'sum', direction: 'higher' }, 10, [
      { holder: 'A', target: 10 },
      { holder: 'B', target: null },
    ]);
    expect(r.ok).toBeNull();
    expect(r.missingTargets).toEqual(['B']);
  });
});

describe('actual to date and projections', () => {
  it('periods end in months', () => {
    expect(periodEndMonth('2026-03')).toBe(3);
    expect(periodEndMonth('2026Q2')).toBe(6);
    expect(periodEndMonth('2026')).toBe(12);
    expect(periodEndMonth('x')).toBeNull();
  });

  it('actual to date per aggregation', () => {
    const a = [
      { month: 2, value: 20 },
      { month: 1, value: 10 },
      { month: 3, value: 60 },
    ];
    expect(actualToDate('sum', a)).toBe(90);
    expect(actualToDate('weighted_average', a)).toBe(30);
    expect(actualToDate('rate', a)).toBe(60);
    expect(actualToDate('last', a)).toBe(60);
    expect(actualToDate('sum', [])).toBeNull();
  });

  it('sum without history: linear × 12 / months', () => {
    const p = projectYearEnd('sum', [
      { month: 1, value: 100 },
      { month: 2, value: 100 },
      { month: 3, value: 100 },
    ]);
    expect(p.method).toBe('linear');
    expect(p.value).toBe(1200);
    expect(p.asOfMonth).toBe(3);
  });

  it("sum with history: divided by last year's share of the year at the same month", () => {
    // Last year: 12 months of 50, except December 450 → total 1000; Jan–Mar = 150 = 15 %.
    const lastYear = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, value: i === 11 ? 450 : 50 }));
    const p = projectYearEnd(
      'sum',
      [
        { month: 1, value: 60 },
        { month: 2, value: 60 },
        { month: 3, value: 60 },
      ],
      lastYear,
    );
    expect(p.method).toBe('history');
    expect(p.value).toBeCloseTo(1200, 9); // 180 / 0.15
    expect(p.rule.vi).toContain('15%');
  });

  it('incomplete history (no December) falls back to linear', () => {
    const p = projectYearEnd('sum', [{ month: 6, value: 300 }], [{ month: 6, value: 100 }]);
    expect(p.method).toBe('linear');
    expect(p.value).toBe(600);
  });

  it('quarterly sums: Q2 = 6 months', () => {
    const p = projectYearEnd('sum', [
      { month: 3, value: 30 },
      { month: 6, value: 30 },
    ]);
    expect(p.value).toBe(120);
  });

  it('levels without history: the line through first and latest; one figure stays put', () => {
    const p = projectYearEnd('rate', [
      { month: 1, value: 90 },
      { month: 4, value: 91.5 },
    ]);
    // slope 0.5 / month, 8 months left → 95.5
    expect(p.value).toBeCloseTo(95.5, 10);
    expect(p.method).toBe('linear');
    expect(projectYearEnd('last', [{ month: 5, value: 7 }]).value).toBe(7);
  });

  it("levels with history: latest + last year's change from the same month to December", () => {
    const p = projectYearEnd(
      'rate',
      [{ month: 6, value: 92 }],
      [
        { month: 6, value: 90 },
        { month: 12, value: 91.5 },
      ],
    );
    expect(p.method).toBe('history');
    expect(p.value).toBeCloseTo(93.5, 10);
  });

  it('no actuals → no projection', () => {
    const p = projectYearEnd('sum', []);
    expect(p.value).toBeNull();
    expect(p.method).toBe('none');
  });
});

describe('statuses at their boundaries', () => {
  const s = { onTrackRatio: 1, atRiskRatio: 0.9 };
  it('higher is better: 100 % on track, 99.9 % at risk, 90 % at risk, 89.9 % off track', () => {
    expect(targetStatus('higher', 1000, 1000, s).status).toBe('on_track');
    expect(targetStatus('higher', 1000, 999, s).status).toBe('at_risk');
    expect(targetStatus('higher', 1000, 900, s).status).toBe('at_risk');
    expect(targetStatus('higher', 1000, 899, s).status).toBe('off_track');
    expect(targetStatus('higher', 10, 9, s).status).toBe('at_risk'); // 0.9 exactly despite floats
  });

  it('lower is better: target ÷ projection', () => {
    // target 4 %, projection 4.4 → 0.909 at risk; 4.5 → 0.889 off track; 3 → on track
    expect(targetStatus('lower', 4, 4.4, s).status).toBe('at_risk');
    expect(targetStatus('lower', 4, 4.5, s).status).toBe('off_track');
    expect(targetStatus('lower', 4, 3, s).status).toBe('on_track');
    expect(targetStatus('lower', 4, 0, s).status).toBe('on_track');
  });

  it('the rule is shown with the thresholds used, and settings change the outcome', () => {
    const r = targetStatus('higher', 1000, 950, s);
    expect(r.status).toBe('at_risk');
    expect(r.ratio).toBe(0.95);
    expect(r.rule.vi).toBe(
      'dự báo ÷ chỉ tiêu = 95% (đúng tiến độ ≥ 100%, có nguy cơ ≥ 90%) → Có nguy cơ không đạt',
    );
    expect(targetStatus('higher', 1000, 950, { onTrackRatio: 0.95, atRiskRatio: 0.8 }).status).toBe(
      'on_track',
    );
    expect(defaultSettings.atRiskRatio).toBe(0.9);
  });

  it('no data, and targets ≤ 0 compared without a ratio', () => {
    expect(targetStatus('higher', 1000, null, s).status).toBe('no_data');
    expect(targetStatus('higher', 0, 0.1, s).status).toBe('on_track');
    expect(targetStatus('higher', 0, -0.1, s).status).toBe('off_track');
  });
});

describe('late reports', () => {
  const settings = { dueDays: 10, cutoffDaysBeforeEnd: 0 };
  const march = { code: '2026-03', end: '2026-03-31' };
  it('due 10 days after the period ends; on the due day is on time, the day after is late', () => {
    expect(reportTiming(march, settings, '2026-04-10', '2026-05-01')).toEqual({
      period: '2026-03',
      cutoff: '2026-03-31',
      due: '2026-04-10',
      state: 'on_time',
      daysLate: 0,
    });
    const late = reportTiming(march, settings, '2026-04-13', '2026-05-01');
    expect(late.state).toBe('late');
    expect(late.daysLate).toBe(3);
  });
  it('missing after the due date, not due before it', () => {
    expect(reportTiming(march, settings, null, '2026-04-10').state).toBe('not_due');
    const missing = reportTiming(march, settings, null, '2026-04-15');
    expect(missing.state).toBe('missing');
    expect(missing.daysLate).toBe(5);
  });
  it('cut-off before the end of the period', () => {
    expect(reportTiming(march, { dueDays: 5, cutoffDaysBeforeEnd: 6 }, null, '2026-01-01')).toMatchObject({
      cutoff: '2026-03-25',
      due: '2026-04-05',
    });
  });
});
