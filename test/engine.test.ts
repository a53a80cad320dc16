import { describe, expect, it } from 'vitest';
import { type EvalInput, evaluateUnit, type ValueCell } from '../src/engine/evaluate.ts';
import { compileFramework } from '../src/engine/framework.ts';
import { parsePeriod } from '../src/engine/periods.ts';
import { celInWords } from '../src/engine/rule-words.ts';
import { type Status, statuses, Tally, worstStatus } from '../src/engine/status.ts';
import { parseNumber } from '../src/engine/written.ts';
import { FrameworkDefinition } from '../src/frameworks/schema.ts';
import { parseValue } from '../src/values/parse.ts';

const base = {
  id: 'test-fw',
  version: 1,
  name: 'Bộ thử',
  legal_basis: [{ number: '01/QĐ' }],
  applies_to: ['commune'],
  valid: { from: '2024-01-01', to: '2025-12-31' },
};

function framework(extra: Record<string, unknown>) {
  return compileFramework(FrameworkDefinition.parse({ ...base, ...extra }));
}

function input(
  values: Record<string, ValueCell>,
  facts: Record<string, string> = {},
  kind = 'commune',
): EvalInput {
  return {
    unit: { code: 'X', name: 'Xã X', kind, facts: { code: 'X', name: 'Xã X', kind, ...facts } },
    value: (m) => values[m],
    derived: () => undefined,
  };
}

const num = (n: number): ValueCell => ({ num: n, txt: null, na: false });
const bool = (b: boolean): ValueCell => ({ num: b ? 1 : 0, txt: null, na: false });
const na: ValueCell = { num: null, txt: null, na: true };

const oneIndicator = (ind: Record<string, unknown>) =>
  framework({ criteria: [{ no: 1, name: 'TC', indicators: [{ code: '1.1', name: 'CT', ...ind }] }] });

function indicatorOf(fw: ReturnType<typeof framework>, inp: EvalInput) {
  const ev = evaluateUnit(fw, inp, true);
  return ev.criteria![0]!.indicators[0]!;
}

describe('rules', () => {
  it('structured thresholds compare and explain in Vietnamese', () => {
    const fw = oneIndicator({ measure: 'm', type: 'percent', rule: { '>=': 90 } });
    expect(indicatorOf(fw, input({ m: num(92) }))).toMatchObject({ status: 'met', reason: '92% ≥ 90%' });
    expect(indicatorOf(fw, input({ m: num(85.5) }))).toMatchObject({
      status: 'not_met',
      reason: '85,5% < 90%',
    });
    expect(indicatorOf(fw, input({ m: num(90) })).status).toBe('met');
  });

  it('several keys must all hold; between and in work', () => {
    const fw = oneIndicator({ measure: 'm', type: 'number', rule: { '>': 1, '<=': 5 } });
    expect(indicatorOf(fw, input({ m: num(5) })).status).toBe('met');
    expect(indicatorOf(fw, input({ m: num(6) })).status).toBe('not_met');
    expect(indicatorOf(fw, input({ m: num(1) })).reason).toBe('1 ≤ 1');
    const between = oneIndicator({ measure: 'm', type: 'number', rule: { between: [2, 4] } });
    expect(indicatorOf(between, input({ m: num(3) })).status).toBe('met');
    expect(indicatorOf(between, input({ m: num(4.5) })).status).toBe('not_met');
    const inSet = oneIndicator({ measure: 'm', type: 'level', rule: { in: [1, 3] } });
    expect(indicatorOf(inSet, input({ m: num(3) })).status).toBe('met');
    expect(indicatorOf(inSet, input({ m: num(2) })).status).toBe('not_met');
  });

  it('booleans', () => {
    const fw = oneIndicator({ measure: 'b', type: 'boolean', rule: { '==': true } });
    expect(indicatorOf(fw, input({ b: bool(true) })).status).toBe('met');
    expect(indicatorOf(fw, input({ b: bool(false) }))).toMatchObject({
      status: 'not_met',
      reason: 'không (yêu cầu: có)',
    });
  });

  it('by_group overrides the default threshold, then by_region', () => {
    const fw = oneIndicator({
      measure: 'm',
      type: 'percent',
      rule: { '>=': 90 },
      by_group: { '3': { '>=': 70 } },
      by_region: { TDMNPB: { '>=': 80 } },
    });
    expect(indicatorOf(fw, input({ m: num(72) }, { group: '3' })).status).toBe('met');
    expect(indicatorOf(fw, input({ m: num(72) }, { group: '1' })).status).toBe('not_met');
    expect(indicatorOf(fw, input({ m: num(82) }, { region: 'TDMNPB' })).status).toBe('met');
    expect(indicatorOf(fw, input({ m: num(72) }, { group: '3', region: 'TDMNPB' })).threshold).toBe('≥ 70%');
  });

  it('CEL expressions read the value and the unit attributes', () => {
    const fw = oneIndicator({
      measure: 'inc',
      type: 'number',
      rule: "value >= 60.0 || (unit.region == 'MN' && value >= 45.0)",
    });
    expect(indicatorOf(fw, input({ inc: num(61) }, { region: 'DBSH' })).status).toBe('met');
    expect(indicatorOf(fw, input({ inc: num(50) }, { region: 'MN' })).status).toBe('met');
    expect(indicatorOf(fw, input({ inc: num(50) }, { region: 'DBSH' })).status).toBe('not_met');
  });

  it('shows a CEL rule in words, never as code: every branch, or the one that applies to the unit', () => {
    const regional = oneIndicator({
      measure: 'inc',
      type: 'percent',
      rule: "value >= 60.0 || (unit.region == 'TDMNPB' && value >= 45.0)",
    });
    expect(celInWords("value >= 60.0 || (unit.region == 'TDMNPB' && value >= 45.0)", 'percent', '%')).toBe(
      '≥ 60% (vùng Trung du và miền núi phía Bắc: ≥ 45%)',
    );
    const low = indicatorOf(regional, input({ inc: num(50) }, { region: 'DBSH' }));
    expect(low.threshold).toBe('≥ 60%');
    expect(low.reason).not.toMatch(/value|unit\.|\|\|/);
    expect(indicatorOf(regional, input({ inc: num(50) }, { region: 'TDMNPB' })).threshold).toBe(
      '≥ 60% hoặc ≥ 45%',
    );
    const byKind = "(unit.kind == 'ward' && value >= 90.0) || (unit.kind == 'township' && value >= 80.0)";
    expect(celInWords(byKind, 'percent', '%')).toBe('≥ 90% (phường); ≥ 80% (thị trấn)');
    expect(celInWords(byKind, 'percent', '%', { kind: 'township' })).toBe('≥ 80%');
    const ternary =
      "has(unit.dtvm_recognised) && unit.dtvm_recognised == 'true' ? value >= 5.0 : value >= 2.0";
    expect(celInWords(ternary, 'number', 'năm')).toBe(
      '≥ 5 năm (đã được công nhận đạt chuẩn đô thị văn minh); ≥ 2 năm (các trường hợp khác)',
    );
    expect(celInWords(ternary, 'number', null, { dtvm_recognised: 'true' })).toBe('≥ 5');
    expect(celInWords(ternary, 'number', null, {})).toBe('≥ 2');
    // A form the reader does not know is not shown as code either.
    const odd = oneIndicator({ measure: 'inc', type: 'number', rule: 'value >= double(unit.population)' });
    expect(odd.criteria[0]!.indicators[0]!.rule.describe('number', null)).toBe('theo quy định của văn bản');
  });

  it('a CEL expression that cannot be computed says so instead of guessing', () => {
    const fw = oneIndicator({ measure: 'inc', type: 'number', rule: 'value >= double(unit.population)' });
    const r = indicatorOf(fw, input({ inc: num(61) }));
    expect(r.status).toBe('no_data');
    expect(r.reason).toMatch(/Không tính được quy tắc/);
  });

  it('missing rule, missing value, not applicable', () => {
    const fw = oneIndicator({ measure: 'm', type: 'percent', rule: null });
    expect(indicatorOf(fw, input({ m: num(50) })).status).toBe('rule_missing');
    expect(indicatorOf(fw, input({})).status).toBe('rule_missing');
    const withRule = oneIndicator({ measure: 'm', type: 'percent', rule: { '>=': 50 } });
    expect(indicatorOf(withRule, input({})).status).toBe('no_data');
    expect(indicatorOf(withRule, input({ m: na })).status).toBe('not_applicable');
    const byGroup = oneIndicator({
      measure: 'm',
      type: 'percent',
      rule: { '>=': 50 },
      by_group: { '1': 'not_applicable' },
    });
    expect(indicatorOf(byGroup, input({ m: num(10) }, { group: '1' })).status).toBe('not_applicable');
    const cond = oneIndicator({
      measure: 'm',
      type: 'percent',
      rule: { '>=': 50 },
      applies_if: "unit.coastal == 'true'",
    });
    expect(indicatorOf(cond, input({ m: num(10) }, { coastal: 'false' })).status).toBe('not_applicable');
    expect(indicatorOf(cond, input({ m: num(10) }, { coastal: 'true' })).status).toBe('not_met');
  });

  it('basic_rule gives basically_met', () => {
    const fw = oneIndicator({ measure: 'm', type: 'percent', rule: { '>=': 90 }, basic_rule: { '>=': 85 } });
    expect(indicatorOf(fw, input({ m: num(87) })).status).toBe('basically_met');
    expect(indicatorOf(fw, input({ m: num(80) })).status).toBe('not_met');
  });

  it('parts: all must be met', () => {
    const fw = oneIndicator({
      parts: [
        { measure: 'a', name: 'A', type: 'boolean', rule: { '==': true } },
        { measure: 'b', name: 'B', type: 'level', rule: { '>=': 2 } },
      ],
    });
    const ok = indicatorOf(fw, input({ a: bool(true), b: num(2) }));
    expect(ok.status).toBe('met');
    expect(ok.parts).toHaveLength(2);
    const ko = indicatorOf(fw, input({ a: bool(true), b: num(1) }));
    expect(ko.status).toBe('not_met');
    expect(ko.reason).toMatch(/^B: 1 < 2/);
  });
});

describe('policies and statuses', () => {
  const crit = (no: number, rule: Record<string, number> | null) => ({
    no,
    name: `TC ${no}`,
    indicators: [{ code: `${no}.1`, name: 'x', measure: `m${no}`, type: 'number', rule }],
  });

  it('all: every criterion met', () => {
    const fw = framework({ criteria: [crit(1, { '>=': 1 }), crit(2, { '>=': 1 })] });
    expect(evaluateUnit(fw, input({ m1: num(1), m2: num(1) })).status).toBe('met');
    const partial = evaluateUnit(fw, input({ m1: num(1), m2: num(0) }));
    expect(partial).toMatchObject({
      status: 'not_met',
      metCriteria: 1,
      totalCriteria: 2,
      criteriaLetters: 'MN',
    });
    expect(evaluateUnit(fw, input({ m1: num(1) })).status).toBe('no_data');
  });

  it('mandatory + optional minimum (model commune)', () => {
    const fw = framework({
      policy: { mandatory: [1], optional_min: 1 },
      criteria: [crit(1, { '>=': 1 }), crit(2, { '>=': 1 }), crit(3, { '>=': 1 })],
    });
    expect(evaluateUnit(fw, input({ m1: num(1), m2: num(0), m3: num(1) })).status).toBe('met');
    expect(evaluateUnit(fw, input({ m1: num(1), m2: num(0), m3: num(0) })).status).toBe('not_met');
    expect(evaluateUnit(fw, input({ m1: num(0), m2: num(1), m3: num(1) })).status).toBe('not_met');
    expect(evaluateUnit(fw, input({ m1: num(1), m2: num(0) })).status).toBe('no_data');
  });

  it('points total with bands (100-point frame)', () => {
    const fw = framework({
      policy: {
        points_min: 50,
        bands: [
          { min: 90, label: 'Xuất sắc' },
          { min: 70, label: 'Tốt' },
          { min: 50, label: 'Hoàn thành' },
        ],
      },
      criteria: [
        {
          no: 1,
          name: 'Chung',
          indicators: [{ code: '1', name: 'Điểm chung', measure: 'g', type: 'number', max_points: 30 }],
        },
        {
          no: 2,
          name: 'Kết quả',
          indicators: [
            { code: '2', name: 'Điểm kết quả', measure: 'r', type: 'number', max_points: 70 },
            { code: '3', name: 'Thưởng', measure: 'bonus', type: 'boolean', rule: { '==': true }, points: 5 },
          ],
        },
      ],
    });
    const a = evaluateUnit(fw, input({ g: num(28), r: num(60), bonus: bool(true) }));
    expect(a).toMatchObject({ status: 'met', points: 93, band: 'Xuất sắc' });
    const b = evaluateUnit(fw, input({ g: num(20), r: num(25), bonus: bool(false) }));
    expect(b).toMatchObject({ status: 'not_met', points: 45, band: null });
    expect(evaluateUnit(fw, input({ g: num(40), r: num(100), bonus: bool(false) })).points).toBe(100);
  });

  it('criterion min_met and empty criteria', () => {
    const fw = framework({
      criteria: [
        {
          no: 1,
          name: 'k of n',
          policy: { min_met: 2 },
          indicators: [
            { code: '1.1', name: 'a', measure: 'a', type: 'number', rule: { '>=': 1 } },
            { code: '1.2', name: 'b', measure: 'b', type: 'number', rule: { '>=': 1 } },
            { code: '1.3', name: 'c', measure: 'c', type: 'number', rule: { '>=': 1 } },
          ],
        },
        { no: 2, name: 'chưa chép', todo: 'chưa có chỉ tiêu', indicators: [] },
      ],
    });
    const ev = evaluateUnit(fw, input({ a: num(1), b: num(0), c: num(1) }));
    expect(ev.criteriaLetters).toBe('MR');
    expect(ev.status).toBe('rule_missing');
  });

  it('a framework does not apply to other unit kinds', () => {
    const fw = framework({ criteria: [crit(1, { '>=': 1 })] });
    expect(evaluateUnit(fw, input({ m1: num(1) }, {}, 'ward'))).toMatchObject({
      status: 'not_applicable',
      applicable: false,
    });
  });

  it('status precedence: not_met > rule_missing > no_data > basically_met > met', () => {
    expect(worstStatus(['met', 'no_data', 'rule_missing'])).toBe('rule_missing');
    expect(worstStatus(['met', 'not_met', 'rule_missing'])).toBe('not_met');
    expect(worstStatus(['met', 'basically_met'])).toBe('basically_met');
    expect(worstStatus(['not_applicable'])).toBe('not_applicable');
  });
});

describe('periods and figures', () => {
  it('parses the three period forms', () => {
    expect(parsePeriod('2024')).toMatchObject({ kind: 'year', end: '2024-12-31' });
    expect(parsePeriod('2024Q1')).toMatchObject({ kind: 'quarter', start: '2024-01-01', end: '2024-03-31' });
    expect(parsePeriod('2024-02')).toMatchObject({ kind: 'month', end: '2024-02-29' });
    expect(parsePeriod('2024Q5')).toBeNull();
    expect(parsePeriod('2024-13')).toBeNull();
    expect(parsePeriod('24')).toBeNull();
  });

  it('reads numbers written the Vietnamese or the English way', () => {
    expect(parseNumber('75,8')).toBe(75.8);
    expect(parseNumber('75.8')).toBe(75.8);
    expect(parseNumber('1.234,5')).toBe(1234.5);
    expect(parseNumber('1,234.5')).toBe(1234.5);
    expect(parseNumber('abc')).toBeNull();
    expect(parseNumber('1,2,3')).toBeNull();
  });

  it('parses values by type with reasons', () => {
    expect(parseValue('có', 'boolean')).toMatchObject({ ok: true, cell: { num: 1 } });
    expect(parseValue('Không đạt', 'boolean')).toMatchObject({ ok: true, cell: { num: 0 } });
    expect(parseValue('maybe', 'boolean').ok).toBe(false);
    expect(parseValue('101', 'percent')).toMatchObject({
      ok: false,
      message: expect.objectContaining({ vi: expect.stringMatching(/0–100/) }),
    });
    expect(parseValue('92%', 'percent')).toMatchObject({ ok: true, cell: { num: 92 } });
    expect(parseValue('IV', 'level')).toMatchObject({ ok: true, cell: { num: 4 } });
    expect(parseValue('31/12/2024', 'date')).toMatchObject({ ok: true, cell: { txt: '2024-12-31' } });
    expect(parseValue('31/02/2024', 'date').ok).toBe(false);
    expect(parseValue('không áp dụng', 'percent')).toMatchObject({ ok: true, cell: { na: true } });
    expect(parseValue('', 'number').ok).toBe(false);
  });
});

describe('combining statuses', () => {
  /** k of n, read off the list: what a criterion with `min_met: k` says. */
  function atLeast(list: Status[], k: number): Status {
    const applicable = list.filter((s) => s !== 'not_applicable');
    const met = applicable.filter((s) => s === 'met').length;
    if (met >= k) return 'met';
    const basic = applicable.filter((s) => s === 'basically_met').length;
    if (met + basic >= k) return 'basically_met';
    const undecided = applicable.filter((s) => s === 'no_data' || s === 'rule_missing');
    if (met + basic + undecided.length >= k) return worstStatus(undecided);
    return 'not_met';
  }

  it('counts as the lists say: the worst, how many apply, k of n', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let t = 0; t < 3000; t++) {
      const list = Array.from({ length: next() % 7 }, () => statuses[next() % statuses.length]!);
      const tally = new Tally();
      for (const s of list) tally.add(s);
      expect(tally.worst(), list.join()).toBe(worstStatus(list));
      expect(tally.applicable).toBe(list.filter((s) => s !== 'not_applicable').length);
      for (let k = 0; k <= 4; k++) expect(tally.atLeast(k), `${k} of ${list.join()}`).toBe(atLeast(list, k));
    }
  });
});
