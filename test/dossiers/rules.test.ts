import { describe, expect, it } from 'vitest';
import { checkPostings, checkProcedure } from '../../src/dossiers/procedure-rules.ts';
import { type CriterionResult, revocationVerdict } from '../../src/dossiers/revocation.ts';
import type { Status } from '../../src/engine/status.ts';
import { loadFrameworkFile } from '../../src/frameworks/load.ts';
import { completeProcedure } from '../support/dossiers.ts';

const at = (...dates: string[]) => dates.map((date) => ({ date, place: 'Nhà văn hóa thôn' }));

describe('public posting rule (at least 5 times within 15 days)', () => {
  it('accepts 5 postings on distinct days within 15 days, both ends included', () => {
    const r = checkPostings(at('2024-10-01', '2024-10-03', '2024-10-08', '2024-10-12', '2024-10-15'));
    expect(r).toMatchObject({ ok: true });
    expect(r.message.vi).toMatch(/^Niêm yết 5 lần trong 15 ngày \(01\/10\/2024 – 15\/10\/2024\)/);
  });

  it('refuses 5 postings spread over 16 days, naming the best window', () => {
    const r = checkPostings(at('2024-10-01', '2024-10-03', '2024-10-08', '2024-10-12', '2024-10-16'));
    expect(r.ok).toBe(false);
    expect(r.message.vi).toMatch(
      /^Chỉ niêm yết 4 lần \(ngày khác nhau\) trong 15 ngày \(nhiều nhất là 01\/10\/2024 – 15\/10\/2024\), cần ít nhất 5 lần/,
    );
  });

  it('counts several places on one day as one posting, and says when there is none', () => {
    const sameDay = [
      ...at('2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04'),
      { date: '2024-10-04', place: 'Đài truyền thanh' },
    ];
    expect(checkPostings(sameDay)).toMatchObject({ ok: false });
    expect(checkPostings([]).message.vi).toMatch(/^Chưa ghi nhận lần niêm yết công khai nào/);
  });

  it('checks every step: outstanding XDCB debt and impossible vote counts are refused with the reason', () => {
    expect(checkProcedure(completeProcedure).every((c) => c.ok)).toBe(true);
    const bad = checkProcedure({
      ...completeProcedure,
      meeting: { date: '2024-10-20', attendees: 10, votesFor: 9, votesAgainst: 2, votesAbstain: 0 },
      debt: { date: '2024-10-18', outstanding: 1_250_000_000, note: null },
    });
    expect(bad.filter((c) => !c.ok).map((c) => [c.step, c.message.vi])).toEqual([
      ['meeting', 'Số phiếu (11) nhiều hơn số người dự họp (10)'],
      ['debt', 'Còn nợ đọng xây dựng cơ bản 1.250.000.000 đồng: chưa đủ điều kiện công nhận'],
    ]);
  });
});

describe('revocation rule (QĐ 18/2022/QĐ-TTg)', () => {
  /** Ten criteria; `statuses` overrides some of them (the rest are met). */
  const criteria = (statuses: Record<string, Status>): CriterionResult[] =>
    Array.from({ length: 10 }, (_, i) => {
      const no = String(i + 1);
      return { no, name: no === '10' ? 'Thu nhập' : `Tiêu chí ${no}`, status: statuses[no] ?? 'met' };
    });

  it('flags 50% or more unmet (R2), counting cơ bản đạt as unmet', () => {
    const v = revocationVerdict(
      criteria({ 1: 'not_met', 2: 'not_met', 3: 'basically_met', 4: 'not_met', 5: 'not_met' }),
      null,
    );
    expect(v).toMatchObject({ flagged: true, rule: 'R2_half_unmet', share: 50 });
    expect(v.reason).toMatch(/^5\/10 tiêu chí chưa đạt \(50%\) ≥ 50%: thuộc trường hợp thu hồi/);
  });

  it('flags 30% to under 50% unmet when a key criterion is among them (R1)', () => {
    const three = { 1: 'not_met', 2: 'not_met', 10: 'not_met' } as const;
    const v = revocationVerdict(criteria(three), ['10', '7']);
    expect(v).toMatchObject({
      flagged: true,
      rule: 'R1_key_criterion',
      keyUnmet: [{ no: '10', name: 'Thu nhập' }],
    });
    expect(v.reason).toMatch(/trong đó có tiêu chí then chốt 10 Thu nhập/);
    // Same figures without a key criterion unmet: not flagged.
    expect(revocationVerdict(criteria({ 1: 'not_met', 2: 'not_met', 3: 'not_met' }), ['10']).flagged).toBe(
      false,
    );
    // Below 30%: not flagged even with a key criterion.
    expect(revocationVerdict(criteria({ 1: 'not_met', 10: 'not_met' }), ['10']).flagged).toBe(false);
  });

  it('says so when the key criteria are not configured, and never counts missing data as unmet', () => {
    const v = revocationVerdict(criteria({ 1: 'not_met', 2: 'not_met', 10: 'not_met' }), null);
    expect(v.flagged).toBe(false);
    expect(v.reason).toMatch(/chưa cấu hình tiêu chí then chốt \(revocation\.key_criteria\)/);
    const gaps = revocationVerdict(
      criteria({ 1: 'no_data', 2: 'rule_missing', 3: 'not_applicable', 4: 'not_met' }),
      null,
    );
    expect(gaps).toMatchObject({ flagged: false, total: 9, share: 100 / 9 });
    expect(gaps.undetermined.map((c) => c.no)).toEqual(['1', '2']);
    expect(gaps.reason).toMatch(/2 tiêu chí chưa xác định/);
  });

  it('uses the district key criteria of the QĐ 320 sets: 3 of 9 unmet including Môi trường is revocation', () => {
    for (const [file, nine] of [
      ['vn-qd320-huyen-ntm-2021-2025.v1.yaml', 'Hệ thống chính trị - An ninh, trật tự - Hành chính công'],
      ['vn-qd320-huyen-ntm-nang-cao-2021-2025.v1.yaml', 'An ninh, trật tự - Hành chính công'],
    ] as const) {
      const loaded = loadFrameworkFile(new URL(`../../frameworks/${file}`, import.meta.url).pathname);
      if (!loaded.ok) throw new Error(`${file} does not load`);
      const def = loaded.def;
      const keys = def.revocation?.key_criteria ?? [];
      expect(keys.map((no) => def.criteria.find((c) => String(c.no) === no)?.name)).toEqual([
        'Kinh tế',
        'Môi trường',
        'Chất lượng môi trường sống',
        nine,
      ]);
      const district = (unmet: string[]): CriterionResult[] =>
        def.criteria.map((c) => ({
          no: String(c.no),
          name: c.name,
          status: unmet.includes(String(c.no)) ? 'not_met' : 'met',
        }));
      expect(revocationVerdict(district(['1', '2', '7']), keys)).toMatchObject({
        flagged: true,
        rule: 'R1_key_criterion',
      });
      expect(revocationVerdict(district(['1', '2', '3']), keys).flagged).toBe(false);
      expect(revocationVerdict(district(['1', '2']), keys).flagged).toBe(false);
    }
  });
});
