import { describe, expect, it } from 'vitest';
import { parseStaffFrame, requireStaffFrame, staffFrames, unverifiedParts } from '../../src/staff/frame.ts';
import { applyQuota, type QuotaEntry, rollUp, type ScoredTask, scorePerson } from '../../src/staff/score.ts';

const nd335 = requireStaffFrame('vn-nd335-2025');
const hn3814 = requireStaffFrame('hn-qd3814-2018');

function task(id: string, extra: Partial<ScoredTask>): ScoredTask {
  return {
    id,
    label: `Số ${id}`,
    role: 'lead',
    converted: 1,
    deadline: '2026-03-03',
    completedOn: '2026-03-02',
    quality: 'dat',
    majorErrors: 0,
    excusedErrors: 0,
    delayExcused: false,
    ...extra,
  };
}

// A: 2 products on time; B: 1 product, 2 days late, 1 serious error; C: 1 product not finished.
const tasks = [
  task('A', { converted: 2 }),
  task('B', { completedOn: '2026-03-05', majorErrors: 1 }),
  task('C', { completedOn: null, quality: null }),
];

describe('NĐ 335/2025 frame (hand-computed)', () => {
  it('deducts 25% of the product’s quality and timeliness points per error and per delay', () => {
    const s = scorePerson(nd335, { tasks, manual: { general: 28 }, disqualifying: [] });
    // Each part is 70/3. Quantity: 3 of 4 converted products → 70/3 × 3/4 = 17,5.
    // Quality: A 2/4 + B 1/4 × 0,75 = 0,6875 → 16,04; timeliness the same.
    expect(s.results).toEqual({
      quantity: 17.5,
      quality: 16.04,
      timeliness: 16.04,
      assigned: 4,
      completed: 3,
    });
    expect(s.components.map((c) => [c.key, c.points])).toEqual([
      ['general', 28],
      ['results', 49.58],
    ]);
    expect(s.total).toBe(77.58);
    expect(s.band).toBe('tot');
    expect(s.deductions).toBe(2);
    const b = s.lines.find((l) => l.taskId === 'B')!;
    expect(b.text).toContain('1 sai sót lớn × −25%');
    expect(b.text).toContain('chậm 1 lần × −25%');
    expect(b.points).toBe(14.58); // 70/3/4 × (1 + 0,75 + 0,75) = 5,833 × 2,5
    expect(s.lines.find((l) => l.taskId === 'C')!.text).toContain('chưa hoàn thành → 0 điểm');
    expect(s.lines.at(-1)!.text).toBe('Tổng điểm 77,58/100 → Hoàn thành tốt nhiệm vụ');
  });

  it('does not deduct when an objective cause was approved', () => {
    const excused = tasks.map((t) => (t.id === 'B' ? { ...t, excusedErrors: 1, delayExcused: true } : t));
    const s = scorePerson(nd335, { tasks: excused, manual: { general: 28 }, disqualifying: [] });
    expect(s.results).toMatchObject({ quantity: 17.5, quality: 17.5, timeliness: 17.5 });
    expect(s.total).toBe(80.5);
    expect(s.deductions).toBe(0);
    expect(s.lines.find((l) => l.taskId === 'B')!.text).toContain('nguyên nhân khách quan');
  });

  it('deducts twice for two errors, and a product that fails quality earns no quality points', () => {
    const two = tasks.map((t) => (t.id === 'B' ? { ...t, majorErrors: 2 } : t));
    expect(
      scorePerson(nd335, { tasks: two, manual: { general: 0 }, disqualifying: [] }).results!.quality,
    ).toBe(14.58); // 70/3 × (0,5 + 0,125)
    const fail = tasks.map((t) => (t.id === 'B' ? { ...t, quality: 'khong_dat' as const } : t));
    expect(
      scorePerson(nd335, { tasks: fail, manual: { general: 0 }, disqualifying: [] }).results!.quality,
    ).toBe(11.67); // 70/3 × 0,5
  });

  it('bands at 90 / 70 / 50, and a disqualifying event rates "không hoàn thành" whatever the score', () => {
    const perfect = [task('X', {})];
    const at = (g: number) =>
      scorePerson(nd335, { tasks: perfect, manual: { general: g }, disqualifying: [] });
    expect(at(20).total).toBe(90);
    expect(at(20).band).toBe('xuat_sac');
    expect(at(19.99).band).toBe('tot');
    expect(at(0).band).toBe('tot'); // 70
    const late = [task('Y', { completedOn: null })];
    expect(scorePerson(nd335, { tasks: late, manual: { general: 30 }, disqualifying: [] }).band).toBe(
      'khong_hoan_thanh',
    );
    const half = [task('Z', {}), task('W', { completedOn: null })]; // 35 + 15 = 50
    expect(scorePerson(nd335, { tasks: half, manual: { general: 15 }, disqualifying: [] }).band).toBe(
      'hoan_thanh',
    );
    const s = scorePerson(nd335, { tasks: perfect, manual: { general: 30 }, disqualifying: ['ky_luat'] });
    expect(s.total).toBe(100);
    expect(s.band).toBe('khong_hoan_thanh');
    expect(s.lines.at(-1)!.text).toContain('kỷ luật');
  });

  it('leaves the total unset until the manager has scored the general criteria', () => {
    const s = scorePerson(nd335, { tasks, manual: {}, disqualifying: [] });
    expect(s.total).toBeNull();
    expect(s.band).toBeNull();
  });

  it('keeps "xuất sắc" for at most 20% of those rated "tốt" or better in the unit and task group, and says why', () => {
    const e = (id: string, total: number, results = 65, group = 'VP/chuyen_mon'): QuotaEntry => ({
      personId: id,
      name: id,
      group,
      total,
      band: total >= 90 ? 'xuat_sac' : total >= 70 ? 'tot' : 'hoan_thanh',
      resultsPoints: results,
      deductions: 0,
    });
    // Group 1: 7 at "tốt" or better (3 candidates) → 20% × 7 = 1,4 → 1 keeps it.
    const g1 = [
      e('An', 92, 64),
      e('Bình', 95),
      e('Chi', 92, 66),
      e('D', 80),
      e('E', 75),
      e('F', 71),
      e('G', 70),
      e('H', 60),
    ];
    // Group 2: 10 at "tốt" or better, 3 candidates → 2 keep it.
    const g2 = Array.from({ length: 10 }, (_, i) => e(`K${i}`, i < 3 ? 91 + i : 75, 60, 'VP/ho_tro'));
    const out = applyQuota(nd335, [...g1, ...g2]);
    expect(out.get('Bình')).toMatchObject({ band: 'xuat_sac', rank: 1 });
    expect(out.get('Chi')).toMatchObject({ band: 'tot', proposedBand: 'xuat_sac', rank: 2 });
    expect(out.get('An')).toMatchObject({ band: 'tot', rank: 3 }); // same total as Chi, fewer result points
    expect(out.get('Bình')!.reason).toBe(
      'Giữ mức Hoàn thành xuất sắc nhiệm vụ: xếp thứ 1/3 (tổng 95, kết quả 65, 0 lần bị trừ), trong hạn mức 20% × 7 người đạt từ mức Hoàn thành tốt nhiệm vụ trở lên = 1,4 → 1 người',
    );
    expect(out.get('Chi')!.reason).toContain('Chuyển xuống Hoàn thành tốt nhiệm vụ: xếp thứ 2/3');
    expect(out.get('D')).toMatchObject({ band: 'tot', reason: null });
    expect(['K2', 'K1', 'K0'].map((k) => out.get(k)!.band)).toEqual(['xuat_sac', 'xuat_sac', 'tot']);
  });

  it('rolls months up into a quarter (mean, marked unverified)', () => {
    const r = rollUp(nd335, [
      { period: '2026-01', total: 80, band: 'tot', disqualified: false },
      { period: '2026-02', total: 90, band: 'xuat_sac', disqualified: false },
      { period: '2026-03', total: 70, band: 'tot', disqualified: false },
    ]);
    expect(r).toMatchObject({ total: 80, band: 'tot' });
    expect(r.text).toContain('chưa xác minh');
  });

  it('lists what in the frame is not verified against the decree', () => {
    const u = unverifiedParts(nd335).join('\n');
    expect(u).toContain('số lượng, chất lượng, tiến độ');
    expect(u).toContain('tổng hợp tháng');
  });
});

describe('QĐ 3814-QĐ/TU Hanoi frame (hand-computed): frames are data', () => {
  it('scores 20 + 70 + 10 bonus, without per-error deductions, and a late product gets no timeliness points', () => {
    const s = scorePerson(hn3814, { tasks, manual: { general: 18, bonus: 5 }, disqualifying: [] });
    // Quantity 70/3 × 3/4 = 17,5; quality 17,5 (no deduction per error); timeliness 70/3 × 2/4 = 11,67.
    expect(s.results).toMatchObject({ quantity: 17.5, quality: 17.5, timeliness: 11.67 });
    expect(s.components.map((c) => c.points)).toEqual([18, 46.67, 5]);
    expect(s.total).toBe(69.67);
    expect(s.band).toBe('C');
  });

  it('caps the total at 100 and limits A to 30% of everyone rated in the unit', () => {
    const s = scorePerson(hn3814, {
      tasks: [task('X', {})],
      manual: { general: 20, bonus: 10 },
      disqualifying: [],
    });
    expect(s.total).toBe(100);
    const entries: QuotaEntry[] = Array.from({ length: 10 }, (_, i) => ({
      personId: i,
      name: `N${i}`,
      group: 'VP',
      total: i < 4 ? 99 - i : 60,
      band: i < 4 ? 'A' : 'C',
      resultsPoints: 60,
      deductions: 0,
    }));
    const out = applyQuota(hn3814, entries);
    expect([0, 1, 2, 3].map((i) => out.get(i)!.band)).toEqual(['A', 'A', 'A', 'B']);
    expect(out.get(3)!.reason).toContain('30% × 10 người được đánh giá = 3 → 3 người');
  });
});

describe('frame files', () => {
  it('loads both frames and refuses an invalid one with the path', () => {
    expect([...staffFrames().keys()].sort()).toEqual(['hn-qd3814-2018', 'vn-nd335-2025']);
    expect(() => parseStaffFrame('id: x\nname: y\n', 'bad.yaml')).toThrow(/không hợp lệ/);
  });
});
