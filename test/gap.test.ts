import { describe, expect, it } from 'vitest';
import { type EvalInput, evaluateUnit, type ValueCell } from '../src/engine/evaluate.ts';
import { compileFramework } from '../src/engine/framework.ts';
import { byCloseness } from '../src/engine/gap.ts';
import { FrameworkDefinition } from '../src/frameworks/schema.ts';

const base = {
  id: 'gap-fw',
  version: 1,
  name: 'Bộ thử',
  legal_basis: [{ number: '01/QĐ' }],
  applies_to: ['commune'],
  valid: { from: '2024-01-01', to: '2025-12-31' },
};

const num = (n: number): ValueCell => ({ num: n, txt: null, na: false });
const bool = (b: boolean): ValueCell => ({ num: b ? 1 : 0, txt: null, na: false });

/** One indicator under `rule`, evaluated with explanations for a commune with `facts`. */
function indicator(ind: Record<string, unknown>, cell: ValueCell, facts: Record<string, string> = {}) {
  const fw = compileFramework(
    FrameworkDefinition.parse({
      ...base,
      criteria: [{ no: 1, name: 'TC', indicators: [{ code: '1.1', name: 'CT', measure: 'm', ...ind }] }],
    }),
  );
  const input: EvalInput = {
    unit: {
      code: 'X',
      name: 'Xã X',
      kind: 'commune',
      facts: { code: 'X', name: 'Xã X', kind: 'commune', ...facts },
    },
    value: (m) => (m === 'm' ? cell : undefined),
    derived: () => undefined,
  };
  return evaluateUnit(fw, input, true).criteria![0]!.indicators[0]!;
}

describe('what it takes (gap)', () => {
  it('≥: the increase that meets the rule, in percent points', () => {
    const r = indicator({ type: 'percent', rule: { '>=': 90 } }, num(89.9));
    expect(r.status).toBe('not_met');
    expect(r.gap).toEqual({
      amount: 0.1,
      relative: expect.closeTo(0.1 / 90, 9),
      text: 'còn thiếu 0,1 điểm %',
    });
  });

  it('a met indicator has no gap', () => {
    expect(indicator({ type: 'percent', rule: { '>=': 90 } }, num(90)).gap).toBeUndefined();
  });

  it('≤: a negative change; numbers carry the indicator unit', () => {
    const share = indicator({ type: 'percent', rule: { '<=': 10 } }, num(12));
    expect(share.gap).toMatchObject({ amount: -2, text: 'cần giảm 2 điểm %' });
    const km = indicator({ type: 'number', unit: 'km', rule: { '<=': 5 } }, num(7.25));
    expect(km.gap).toMatchObject({ amount: -2.25, text: 'cần giảm 2,25 km' });
  });

  it('> and <: the distance to the bound, said as "trên" / "dưới"', () => {
    expect(indicator({ type: 'number', unit: 'lớp', rule: { '>': 3 } }, num(1)).gap).toMatchObject({
      amount: 2,
      text: 'còn thiếu trên 2 lớp',
    });
    expect(indicator({ type: 'percent', rule: { '>': 50 } }, num(50)).gap).toMatchObject({
      amount: 0,
      text: 'cần trên 50%',
    });
    expect(indicator({ type: 'percent', rule: { '<': 5 } }, num(8)).gap).toMatchObject({
      amount: -3,
      text: 'cần giảm trên 3 điểm %',
    });
    expect(indicator({ type: 'percent', rule: { '<': 5 } }, num(5)).gap).toMatchObject({
      amount: 0,
      text: 'cần dưới 5%',
    });
  });

  it('between: the distance to the nearest bound', () => {
    const rule = { between: [2, 4] };
    expect(indicator({ type: 'number', rule }, num(1.5)).gap).toMatchObject({
      amount: 0.5,
      text: 'còn thiếu 0,5',
    });
    expect(indicator({ type: 'number', rule }, num(4.5)).gap).toMatchObject({
      amount: -0.5,
      text: 'cần giảm 0,5',
    });
  });

  it('== on numbers: target − value', () => {
    expect(indicator({ type: 'level', rule: { '==': 3 } }, num(1)).gap).toMatchObject({
      amount: 2,
      text: 'cần tăng 2',
    });
    expect(indicator({ type: 'level', rule: { '==': 3 } }, num(4)).gap).toMatchObject({
      amount: -1,
      text: 'cần giảm 1',
    });
  });

  it('several keys: the one that fails', () => {
    expect(indicator({ type: 'number', rule: { '>': 1, '<=': 5 } }, num(6)).gap).toMatchObject({
      amount: -1,
    });
  });

  it('by_region / by_group: the rule that applies to the unit', () => {
    const ind = {
      type: 'percent',
      rule: { '>=': 90 },
      by_group: { '3': { '>=': 70 } },
      by_region: { TDMNPB: { '>=': 80 } },
    };
    expect(indicator(ind, num(65), { group: '3' }).gap).toMatchObject({
      amount: 5,
      text: 'còn thiếu 5 điểm %',
    });
    expect(indicator(ind, num(65), { region: 'TDMNPB' }).gap).toMatchObject({ amount: 15 });
    expect(indicator(ind, num(65), { region: 'DBSH' }).gap).toMatchObject({ amount: 25 });
  });

  it('booleans: no number, the requirement in words', () => {
    expect(indicator({ type: 'boolean', rule: { '==': true } }, bool(false)).gap).toEqual({
      amount: null,
      relative: null,
      text: 'cần: có',
    });
  });

  it('CEL: no number, the rule that applies to the unit in words', () => {
    const rule = "value >= 60.0 || (unit.region == 'TDMNPB' && value >= 45.0)";
    const elsewhere = indicator({ type: 'percent', rule }, num(40), { region: 'DBSH' });
    expect(elsewhere.status).toBe('not_met');
    expect(elsewhere.gap).toEqual({ amount: null, relative: null, text: 'cần: ≥ 60%' });
    const north = indicator({ type: 'percent', rule }, num(40), { region: 'TDMNPB' });
    expect(north.gap?.text).toBe('cần: ≥ 60% hoặc ≥ 45%');
  });

  it('basically met still says what it takes to meet fully', () => {
    const r = indicator({ type: 'percent', rule: { '>=': 90 }, basic_rule: { '>=': 80 } }, num(85));
    expect(r.status).toBe('basically_met');
    expect(r.gap).toMatchObject({ amount: 5, text: 'còn thiếu 5 điểm %' });
  });

  it('closest first: relative gap, then gaps without a number', () => {
    const far = indicator({ type: 'percent', rule: { '>=': 90 } }, num(50)).gap!;
    const near = indicator({ type: 'number', unit: 'km', rule: { '<=': 100 } }, num(101)).gap!;
    const words = indicator({ type: 'boolean', rule: { '==': true } }, bool(false)).gap!;
    expect([words, far, near].sort(byCloseness).map((g) => g.text)).toEqual([
      'cần giảm 1 km',
      'còn thiếu 40 điểm %',
      'cần: có',
    ]);
  });
});
