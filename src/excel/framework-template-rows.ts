import type ExcelJS from 'exceljs';
import { parseNumber } from '../engine/written.ts';
import { FileFormatError } from '../files/tabular.ts';
import type { Rule } from '../frameworks/schema.ts';
import { text } from '../text.ts';
import {
  col,
  conditionsNo,
  groupHeader,
  groups,
  indicatorSheetName,
  readRuleCell,
  regions,
  toBoolean,
  toOperator,
  toValueType,
} from './framework-columns.ts';
import { lines, type Raw, type TemplateReader } from './framework-template-reader.ts';
import { findHeaderRow, textOf, valueTypeLabels } from './workbook.ts';

/** One indicator row of "Chỉ tiêu", with the column its general rule came from. */
function readIndicatorRow(
  reader: TemplateReader,
  get: (h: string) => string,
  line: number,
): { ind: Raw; ruleColumn: string } {
  const at = (column: string, message: string) => reader.issue(indicatorSheetName, line, column, message);
  const ind: Raw = { code: get(col.code) };
  const setText = (key: string, header: string) => {
    const t = get(header);
    if (t) ind[key] = t;
  };
  setText('name', col.name);
  setText('name_en', col.nameEn);
  setText('measure', col.measure);
  setText('unit', col.unit);
  setText('department', col.department);
  setText('evidence', col.evidence);
  setText('note', col.note);
  setText('todo', col.todo);
  setText('applies_if', col.appliesIf);
  const typeText = get(col.type);
  if (typeText) {
    const type = toValueType(typeText);
    if (type) ind.type = type;
    else at(col.type, `"${typeText}" không phải kiểu hợp lệ (${Object.values(valueTypeLabels).join(', ')})`);
  }
  const opText = get(col.op);
  const op = opText ? toOperator(opText) : null;
  if (opText && !op) at(col.op, `"${opText}" không phải phép so sánh (>=, <=, ==, >, <, !=)`);
  let ruleColumn: string = col.rule;
  const cel = get(col.cel);
  if (cel && get(col.rule)) at(col.rule, `chỉ ghi một trong hai cột "${col.rule}" và "${col.cel}"`);
  else if (cel) {
    ind.rule = reader.freeRule(cel, line, col.cel);
    ruleColumn = col.cel;
  } else {
    const rule = reader.rule(get(col.rule), line, col.rule, op, ind.type);
    if (rule !== undefined) ind.rule = rule;
  }
  const overrides = { by_region: {} as Record<string, unknown>, by_group: {} as Record<string, unknown> };
  const keyed: Array<['by_region' | 'by_group', string, string]> = [
    ...regions.map(([code]): ['by_region', string, string] => ['by_region', code, code]),
    ...groups.map((g): ['by_group', string, string] => ['by_group', g, groupHeader(g)]),
  ];
  for (const [kind, key, header] of keyed) {
    const rule = reader.rule(get(header), line, header, op, ind.type);
    if (rule !== undefined) overrides[kind][key] = rule;
  }
  const other = get(col.otherOverrides);
  if (other) {
    const parsed = reader.yaml(other, indicatorSheetName, line, col.otherOverrides) as Raw | undefined;
    for (const kind of ['by_region', 'by_group'] as const)
      for (const [key, rule] of Object.entries((parsed?.[kind] ?? {}) as Record<string, Rule>)) {
        if (key in overrides[kind]) at(col.otherOverrides, `ngưỡng "${key}" đã ghi ở cột riêng`);
        else overrides[kind][key] = rule;
      }
  }
  for (const kind of ['by_region', 'by_group'] as const)
    if (Object.keys(overrides[kind]).length > 0) ind[kind] = overrides[kind];
  const basic = get(col.basicRule);
  if (basic) {
    const simple = readRuleCell(basic, op, toValueType(String(ind.type ?? '')));
    ind.basic_rule = simple.ok ? simple.rule : reader.freeRule(basic, line, col.basicRule);
  }
  const sources = get(col.sources);
  if (sources) ind.sources = lines(sources);
  const verified = get(col.verified);
  if (verified) {
    const v = toBoolean(verified);
    if (v === null) at(col.verified, `"${verified}" phải là có hoặc không`);
    else ind.verified = v;
  }
  for (const [key, header] of [
    ['points', col.points],
    ['max_points', col.maxPoints],
  ] as const) {
    const t = get(header);
    if (!t) continue;
    const n = parseNumber(t);
    if (n === null) at(header, `"${t}" không phải số`);
    else ind[key] = n;
  }
  const derived = get(col.derived);
  if (derived) ind.derived = reader.yaml(derived, indicatorSheetName, line, col.derived);
  return { ind, ruleColumn };
}

/** The fields of a criterion row (or the criterion name on an indicator row). */
function readCriterionFields(reader: TemplateReader, c: Raw, get: (h: string) => string, line: number): void {
  const set = (key: string, header: string) => {
    const t = get(header);
    if (t) c[key] = t;
  };
  set('name', col.criterionName);
  set('name_en', col.nameEn);
  set('group', col.criterionGroup);
  set('applies_if', col.appliesIf);
  set('department', col.department);
  set('note', col.note);
  set('todo', col.todo);
  const sources = get(col.sources);
  if (sources) c.sources = lines(sources);
  const verified = get(col.verified);
  if (verified) {
    const v = toBoolean(verified);
    if (v === null)
      reader.issue(indicatorSheetName, line, col.verified, `"${verified}" phải là có hoặc không`);
    else c.verified = v;
  }
  const policy = get(col.criterionPolicy);
  if (policy && policy !== 'all')
    c.policy = reader.yaml(policy, indicatorSheetName, line, col.criterionPolicy);
}

/**
 * The "Chỉ tiêu" sheet: criterion rows (a number and a name, no indicator code), indicator rows,
 * read-only rows carried as JSON, and the framework's conditions ("Điều kiện").
 */
export function readIndicatorSheet(
  reader: TemplateReader,
  sheet: ExcelJS.Worksheet,
): { criteria: Raw[]; conditions: Raw[] } {
  const required = [col.criterionNo, col.criterionName, col.code, col.name, col.rule];
  const { row: headerRow, columns, missing } = findHeaderRow(sheet, required, 5);
  if (missing.length > 0)
    throw new FileFormatError(
      text(
        `Trang "${indicatorSheetName}" thiếu cột ${missing.map((m) => `"${m}"`).join(', ')}`,
        `missing columns`,
      ),
    );
  const criteria = new Map<string, { raw: Raw; index: number; declared: boolean }>();
  const conditions: Raw[] = [];
  let lastNo = '';
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const get = (h: string) => {
      const c = columns.get(h);
      return c === undefined ? '' : textOf(row.getCell(c));
    };
    if ([...columns.values()].every((c) => !textOf(row.getCell(c)))) continue;
    const no = get(col.criterionNo) || lastNo;
    const code = get(col.code);
    if (!no) {
      reader.issue(indicatorSheetName, r, col.criterionNo, 'thiếu số tiêu chí');
      continue;
    }
    lastNo = no;
    const isCondition = no.toLowerCase() === conditionsNo.toLowerCase();
    if (isCondition && !code) continue;
    let criterion = criteria.get(no);
    if (!isCondition && !criterion) {
      criterion = { raw: { no, indicators: [] }, index: criteria.size, declared: false };
      criteria.set(no, criterion);
      reader.locations.criterion(criterion.index, r);
      if (code) readCriterionFields(reader, criterion.raw, (h) => (h === col.criterionName ? get(h) : ''), r);
    }
    if (!code) {
      if (criterion!.declared)
        reader.issue(indicatorSheetName, r, col.criterionNo, `tiêu chí số ${no} ghi hai lần`);
      readCriterionFields(reader, criterion!.raw, get, r);
      reader.locations.criterion(criterion!.index, r);
      criterion!.declared = true;
      continue;
    }
    const list = isCondition ? conditions : (criterion!.raw.indicators as Raw[]);
    const path = isCondition
      ? `conditions[${list.length}]`
      : `criteria[${criterion!.index}].indicators[${list.length}]`;
    const frozen = get(col.yaml);
    if (frozen) {
      const ind = reader.yaml(frozen, indicatorSheetName, r, col.yaml) as Raw | undefined;
      if (ind && String(ind.code) !== code)
        reader.issue(
          indicatorSheetName,
          r,
          col.code,
          'dòng chỉ đọc đã bị sửa: sửa chỉ tiêu này bằng tệp YAML',
        );
      list.push(ind ?? { code });
      reader.locations.indicator(path, r, col.yaml, true);
    } else {
      const { ind, ruleColumn } = readIndicatorRow(reader, get, r);
      list.push(ind);
      reader.locations.indicator(path, r, ruleColumn, false);
    }
  }
  return { criteria: [...criteria.values()].map((c) => c.raw), conditions };
}
