/**
 * Rules as people read them. A CEL rule ("(unit.kind == 'ward' && value >= 90.0) ||
 * (unit.kind == 'township' && value >= 80.0)") is never shown as code: its syntax tree is read
 * back into the requirement and the units it applies to ("≥ 90% (phường); ≥ 80% (thị trấn)"),
 * or, for one unit, just the branch that applies to it ("≥ 90%").
 */
import { parse } from '@bufbuild/cel';
import type { ValueType } from '../frameworks/schema.ts';
import { kindNames, regionName } from '../units/words.ts';
import type { Scalar, UnitFacts } from './rules.ts';

type Node = ReturnType<typeof parse>['expr'];

/** One way to meet the rule: the requirement on the value, under conditions on the unit. */
interface Alternative {
  /** Conditions on the unit, in words; empty = every unit. */
  when: string[];
  /** Whether this alternative applies to the unit (undefined when no unit is given). */
  applies?: boolean;
  /** The requirement on the value, in words. */
  need: string;
}

const shown: Record<string, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '==': '=', '!=': '≠' };
const flipped: Record<string, string> = {
  '>=': '<=',
  '>': '<',
  '<=': '>=',
  '<': '>',
  '==': '==',
  '!=': '!=',
};
const numberFormat = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

function constant(n: Node | undefined): Scalar | undefined {
  if (n?.exprKind.case !== 'constExpr') return undefined;
  const c = n.exprKind.value.constantKind;
  switch (c.case) {
    case 'doubleValue':
      return c.value;
    case 'int64Value':
    case 'uint64Value':
      return Number(c.value);
    case 'boolValue':
    case 'stringValue':
      return c.value;
    default:
      return undefined;
  }
}

const isValue = (n: Node | undefined) =>
  n?.exprKind.case === 'identExpr' && n.exprKind.value.name === 'value';

/** `unit.x` (or has(unit.x) when testOnly) → the attribute name. */
function unitField(n: Node | undefined): { field: string; testOnly: boolean } | undefined {
  if (n?.exprKind.case !== 'selectExpr') return undefined;
  const s = n.exprKind.value;
  if (s.operand?.exprKind.case !== 'identExpr' || s.operand.exprKind.value.name !== 'unit') return undefined;
  return { field: s.field, testOnly: s.testOnly };
}

function formatValue(v: Scalar, type: ValueType, unitLabel: string | null | undefined): string {
  if (typeof v === 'boolean') return v ? 'có' : 'không';
  if (typeof v === 'number') {
    const n = numberFormat.format(v);
    return type === 'percent' || unitLabel === '%' ? `${n}%` : unitLabel ? `${n} ${unitLabel}` : n;
  }
  return v;
}

/** A condition on the unit in words, and whether it holds for `facts`. */
function unitCondition(
  field: string,
  op: string,
  v: Scalar,
  facts: UnitFacts | undefined,
): { words: string; holds?: boolean } {
  const actual = facts?.[field];
  const holds = facts ? (op === '==' ? actual === String(v) : actual !== String(v)) : undefined;
  const not = op === '!=' ? 'không phải ' : '';
  if (field === 'kind')
    return { words: `${not}${(kindNames[String(v)]?.[0] ?? String(v)).toLowerCase()}`, holds };
  if (field === 'region') return { words: `${not}vùng ${regionName(String(v))}`, holds };
  if (field === 'group') return { words: `${not}nhóm ${String(v)}`, holds };
  if (v === 'true' || v === true)
    return { words: `${op === '!=' ? 'chưa ' : ''}${attributeWords(field)}`, holds };
  if (v === 'false' || v === false)
    return { words: `${op === '!=' ? '' : 'chưa '}${attributeWords(field)}`, holds };
  return { words: `${attributeWords(field)} ${shown[op]} ${String(v)}`, holds };
}

/** Yes/no unit attributes that rules read, in words. */
const attributeNames: Record<string, string> = {
  dtvm_recognised: 'đã được công nhận đạt chuẩn đô thị văn minh',
};
const attributeWords = (field: string) => attributeNames[field] ?? `thuộc tính "${field}"`;

interface Ctx {
  type: ValueType;
  unitLabel: string | null | undefined;
  facts: UnitFacts | undefined;
}

/** The alternatives of a boolean expression, or null when it cannot be read back into words. */
function alternatives(n: Node | undefined, ctx: Ctx): Alternative[] | null {
  if (!n) return null;
  if (isValue(n)) return [{ when: [], need: 'có' }];
  const lit = constant(n);
  if (lit === true) return [{ when: [], need: '' }];
  if (n.exprKind.case === 'selectExpr') {
    const f = unitField(n);
    // has(unit.x): a guard before reading the attribute; it adds nothing a reader needs.
    if (f?.testOnly) return [{ when: [], need: '', applies: ctx.facts ? f.field in ctx.facts : undefined }];
    return null;
  }
  if (n.exprKind.case !== 'callExpr') return null;
  const { function: fn, args } = n.exprKind.value;
  const op = /^_(>=|>|<=|<|==|!=)_$/.exec(fn)?.[1];
  if (op) {
    const [a, b] = args;
    if (isValue(a) && constant(b) !== undefined) return [{ when: [], need: need(op, constant(b)!, ctx) }];
    if (isValue(b) && constant(a) !== undefined)
      return [{ when: [], need: need(flipped[op]!, constant(a)!, ctx) }];
    const fa = unitField(a);
    const vb = constant(b);
    if (fa && !fa.testOnly && vb !== undefined && (op === '==' || op === '!=')) {
      const c = unitCondition(fa.field, op, vb, ctx.facts);
      return [{ when: [c.words], need: '', applies: c.holds }];
    }
    return null;
  }
  if (fn === '!_') {
    if (isValue(args[0])) return [{ when: [], need: 'không' }];
    return null;
  }
  if (fn === '_&&_') {
    let acc: Alternative[] = [{ when: [], need: '' }];
    for (const arg of args) {
      const alts = alternatives(arg, ctx);
      if (!alts) return null;
      acc = acc.flatMap((x) =>
        alts.map((y) => ({
          when: [...x.when, ...y.when],
          need: [x.need, y.need].filter(Boolean).join(' và '),
          applies: x.applies === false || y.applies === false ? false : (x.applies ?? y.applies),
        })),
      );
    }
    return acc;
  }
  if (fn === '_||_') {
    const out: Alternative[] = [];
    for (const arg of args) {
      const alts = alternatives(arg, ctx);
      if (!alts) return null;
      out.push(...alts);
    }
    return out;
  }
  if (fn === '_?_:_') {
    const [cond, yes, no] = args;
    const c = alternatives(cond, ctx);
    const a = alternatives(yes, ctx);
    const b = alternatives(no, ctx);
    if (!c || !a || !b || c.some((x) => x.need)) return null;
    const holds = c.some((x) => x.applies === true)
      ? true
      : c.every((x) => x.applies === false)
        ? false
        : undefined;
    const when = c.flatMap((x) => x.when);
    return [
      ...a.map((x) => ({
        ...x,
        when: [...when, ...x.when],
        applies: holds === undefined ? undefined : holds,
      })),
      ...b.map((x) => ({
        ...x,
        when: [...x.when, 'các trường hợp khác'],
        applies: holds === undefined ? undefined : !holds,
      })),
    ];
  }
  return null;
}

function need(op: string, v: Scalar, ctx: Ctx): string {
  if (typeof v === 'boolean' && op === '==') return v ? 'có' : 'không';
  return `${shown[op]} ${formatValue(v, ctx.type, ctx.unitLabel)}`;
}

/**
 * A CEL rule in words: every alternative with the units it is for, or — given the unit's facts —
 * only the requirement that applies to that unit. Null when the expression has a form this
 * reader does not know (the caller then says the rule is set out in the legal text).
 */
export function celInWords(
  expr: string,
  type: ValueType,
  unitLabel: string | null | undefined,
  facts?: UnitFacts,
): string | null {
  let root: Node;
  try {
    root = parse(expr).expr;
  } catch {
    return null;
  }
  const alts = alternatives(root, { type, unitLabel, facts });
  if (!alts) return null;
  const withNeed = alts.filter((a) => a.need);
  if (facts) {
    // For one unit: what it must reach (any of the branches open to it).
    const open = withNeed.filter((a) => a.applies !== false);
    return [...new Set((open.length > 0 ? open : withNeed).map((a) => a.need))].join(' hoặc ') || null;
  }
  // The general requirement first, the special cases in brackets:
  // "≥ 60% (vùng Trung du và miền núi phía Bắc: ≥ 45%)".
  const general = withNeed.filter((a) => a.when.length === 0);
  const special = withNeed.filter((a) => a.when.length > 0);
  if (general.length === 1 && special.length > 0)
    return `${general[0]!.need} (${special.map((a) => `${a.when.join(', ')}: ${a.need}`).join('; ')})`;
  return (
    [...new Set(withNeed.map((a) => (a.when.length > 0 ? `${a.need} (${a.when.join(', ')})` : a.need)))].join(
      '; ',
    ) || null
  );
}

/** What a reader sees when a rule's form cannot be put into words. */
export const ruleInLegalText = 'theo quy định của văn bản';
