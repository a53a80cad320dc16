import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { compileCondition, compileFigureCheck, compileRule, RuleSyntaxError } from '../engine/rules.ts';
import { zodIssueMessage } from '../errors.ts';
import { type Message, text } from '../text.ts';
import { FrameworkDefinition, type Indicator, type Part, type Rule, type ValueType } from './schema.ts';

/** One problem in a framework file: where (file, path inside it) and why. */
export interface FrameworkIssue {
  file: string;
  path: string;
  message: Message;
}

export type LoadResult =
  | { ok: true; def: FrameworkDefinition; hash: string; file: string }
  | { ok: false; errors: FrameworkIssue[]; file: string };

/** Formats a path like criteria[3].indicators[1].rule. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(gốc)';
}

const ruleHint = text(
  'quy tắc phải là ngưỡng như {">=": 90}, biểu thức CEL, "not_applicable" hoặc null',
  'a rule must be a threshold like {">=": 90}, a CEL expression, "not_applicable" or null',
);

function zodIssues(file: string, error: z.ZodError): FrameworkIssue[] {
  return error.issues.map((issue) => {
    const last = issue.path[issue.path.length - 1];
    const isRule =
      last === 'rule' ||
      last === 'basic_rule' ||
      issue.path.includes('by_group') ||
      issue.path.includes('by_region');
    const message = issue.code === 'invalid_union' && isRule ? ruleHint : zodIssueMessage(issue);
    return { file, path: formatPath(issue.path), message };
  });
}

/** Content hash of a definition: the same content gives the same hash whatever the formatting. */
export function definitionHash(def: FrameworkDefinition): string {
  return createHash('sha256').update(stableJson(def)).digest('hex');
}

/** JSON with object keys sorted: equal content gives equal text (stored jsonb reorders keys). */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** Parses and validates framework YAML text; never throws for bad content. */
export function parseFramework(yaml: string, file: string): LoadResult {
  const doc = parseDocument(yaml, { prettyErrors: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      file,
      errors: doc.errors.map((e) => ({
        file,
        path: e.linePos ? `dòng ${e.linePos[0].line}, cột ${e.linePos[0].col}` : '(YAML)',
        message: text(`YAML không hợp lệ`, `invalid YAML: ${e.message.split('\n')[0]}`),
      })),
    };
  }
  const raw = doc.toJS({ maxAliasCount: 100 });
  const parsed = FrameworkDefinition.safeParse(raw);
  if (!parsed.success) return { ok: false, file, errors: zodIssues(file, parsed.error) };
  const def = parsed.data;
  const errors = checkConsistency(def, file);
  if (errors.length > 0) return { ok: false, file, errors };
  return { ok: true, def, hash: definitionHash(def), file };
}

/** Reads and validates a framework file. */
export function loadFrameworkFile(path: string): LoadResult {
  let yaml: string;
  try {
    yaml = readFileSync(path, 'utf8');
  } catch (err) {
    return {
      ok: false,
      file: path,
      errors: [{ file: path, path: '(tệp)', message: `Không đọc được tệp: ${(err as Error).message}` }],
    };
  }
  return parseFramework(yaml, basename(path));
}

/** Checks what the schema cannot: unique numbers, consistent measure types, CEL syntax, references. */
function checkConsistency(def: FrameworkDefinition, file: string): FrameworkIssue[] {
  const errors: FrameworkIssue[] = [];
  const add = (path: ReadonlyArray<PropertyKey>, message: Message) =>
    errors.push({ file, path: formatPath(path), message });
  if (def.valid.from > def.valid.to)
    add(['valid'], text('ngày bắt đầu sau ngày kết thúc', 'valid.from is after valid.to'));
  if (def.in_force && (def.in_force.from < def.valid.from || def.in_force.from > def.valid.to))
    add(
      ['in_force', 'from'],
      text(
        `ngày bắt đầu áp dụng ${def.in_force.from} phải nằm trong thời hạn ${def.valid.from} – ${def.valid.to} của bộ tiêu chí`,
        `in_force.from ${def.in_force.from} must lie within the framework's validity ${def.valid.from} – ${def.valid.to}`,
      ),
    );

  const measureTypes = new Map<string, { type: ValueType; where: string }>();
  const codes = new Map<string, string>();
  const checkRule = (rule: Rule | undefined, path: PropertyKey[]) => {
    try {
      compileRule(rule);
    } catch (err) {
      if (err instanceof RuleSyntaxError) add(path, err.text);
      else throw err;
    }
  };
  const checkCondition = (expr: string | undefined, path: PropertyKey[]) => {
    if (!expr) return;
    try {
      compileCondition(expr);
    } catch (err) {
      if (err instanceof RuleSyntaxError) add(path, err.text);
      else throw err;
    }
  };
  const checkMeasure = (ind: Indicator | Part, path: PropertyKey[]) => {
    checkRule(ind.rule, [...path, 'rule']);
    if (ind.basic_rule !== undefined) checkRule(ind.basic_rule, [...path, 'basic_rule']);
    for (const [k, r] of Object.entries(ind.by_group ?? {})) checkRule(r, [...path, 'by_group', k]);
    for (const [k, r] of Object.entries(ind.by_region ?? {})) checkRule(r, [...path, 'by_region', k]);
    checkCondition(ind.applies_if, [...path, 'applies_if']);
    ind.quality?.checks?.forEach((c, k) => {
      try {
        compileFigureCheck(c.rule);
      } catch (err) {
        if (err instanceof RuleSyntaxError) add([...path, 'quality', 'checks', k, 'rule'], err.text);
        else throw err;
      }
    });
    if (ind.measure && ind.type) {
      const seen = measureTypes.get(ind.measure);
      if (seen && seen.type !== ind.type)
        add(
          [...path, 'type'],
          text(
            `số liệu "${ind.measure}" đã khai báo kiểu ${seen.type} tại ${seen.where}`,
            `measure "${ind.measure}" is declared as ${seen.type} at ${seen.where}`,
          ),
        );
      else if (!seen) measureTypes.set(ind.measure, { type: ind.type, where: formatPath(path) });
    }
    const thresholdKeys = [
      ind.rule,
      ...Object.values(ind.by_group ?? {}),
      ...Object.values(ind.by_region ?? {}),
    ];
    if (ind.type === 'boolean')
      for (const r of thresholdKeys)
        if (r && typeof r === 'object' && Object.keys(r).some((k) => k !== '==' && k !== '!='))
          add(
            [...path, 'rule'],
            text('chỉ tiêu kiểu boolean chỉ dùng == hoặc !=', 'a boolean indicator takes == or != only'),
          );
  };
  const checkIndicator = (ind: Indicator, path: PropertyKey[]) => {
    const prev = codes.get(ind.code);
    if (prev)
      add([...path, 'code'], text(`mã chỉ tiêu "${ind.code}" trùng với ${prev}`, `duplicate indicator code`));
    else codes.set(ind.code, formatPath(path));
    if (ind.parts)
      ind.parts.forEach((p, k) => {
        checkMeasure(p, [...path, 'parts', k]);
      });
    else checkMeasure(ind, path);
    if (ind.derived && 'framework_met' in ind.derived && ind.type !== 'boolean')
      add(
        [...path, 'type'],
        text('derived.framework_met cho giá trị boolean', 'framework_met yields a boolean'),
      );
    if (ind.derived && 'children_met_share' in ind.derived && ind.type !== 'percent')
      add(
        [...path, 'type'],
        text('derived.children_met_share cho giá trị percent', 'children_met_share yields a percent'),
      );
  };

  const nos = new Map<string, number>();
  def.criteria.forEach((c, i) => {
    if (nos.has(c.no))
      add(['criteria', i, 'no'], text(`số tiêu chí "${c.no}" trùng`, `duplicate criterion number`));
    nos.set(c.no, i);
    checkCondition(c.applies_if, ['criteria', i, 'applies_if']);
    c.indicators.forEach((ind, j) => {
      checkIndicator(ind, ['criteria', i, 'indicators', j]);
    });
  });
  def.conditions.forEach((ind, j) => {
    checkIndicator(ind, ['conditions', j]);
  });

  def.revocation?.key_criteria.forEach((no, k) => {
    if (!nos.has(no))
      add(['revocation', 'key_criteria', k], text(`không có tiêu chí số ${no}`, `no criterion ${no}`));
  });

  const policy = def.policy;
  if (typeof policy === 'object' && 'mandatory' in policy) {
    policy.mandatory.forEach((no, k) => {
      if (!nos.has(no))
        add(['policy', 'mandatory', k], text(`không có tiêu chí số ${no}`, `no criterion ${no}`));
    });
    const optionalCount = def.criteria.length - policy.mandatory.length;
    if (policy.optional_min > optionalCount)
      add(
        ['policy', 'optional_min'],
        text(
          `cần ${policy.optional_min} tiêu chí tự chọn nhưng chỉ có ${optionalCount}`,
          `only ${optionalCount} optional criteria`,
        ),
      );
  }
  if (typeof policy === 'object' && 'points_min' in policy) {
    const scored = def.criteria.some((c) => c.indicators.some((i) => i.points || i.max_points));
    if (!scored)
      add(
        ['policy'],
        text(
          'chính sách tính điểm cần chỉ tiêu có points hoặc max_points',
          'points policy needs scored indicators',
        ),
      );
  }
  return errors;
}
