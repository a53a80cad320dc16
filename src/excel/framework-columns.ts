/**
 * The layout of the framework template (sheets "Thông tin" and "Chỉ tiêu") shared by the writer
 * and the reader, and how a threshold is written in one cell: a number with the row's
 * "Phép so sánh", "có"/"không", "không áp dụng", or an operator and a value (">= 70").
 */

import { parseNumber } from '../engine/written.ts';
import type { Rule, Threshold, ValueType } from '../frameworks/schema.ts';
import { regions } from '../units/words.ts';
import { valueTypeLabels } from './workbook.ts';

export const infoSheetName = 'Thông tin';
export const indicatorSheetName = 'Chỉ tiêu';
export const guideSheetName = 'Hướng dẫn';

/** Region codes (vùng) with a threshold column each; keys of `by_region`. */
export { regions };
/** Commune groups with a threshold column each ("Nhóm 1" → by_group key "1"). */
export const groups = ['1', '2', '3'] as const;
export const groupHeader = (g: string) => `Nhóm ${g}`;

/** Rows of "Thông tin": label → path in the definition. */
export const infoFields = [
  {
    label: 'Mã bộ tiêu chí',
    path: 'id',
    hint: 'chữ thường, số, dấu gạch ngang, ví dụ vn-qd318-xa-ntm-2021-2025',
  },
  { label: 'Phiên bản', path: 'version', hint: 'phiên bản mới được đánh số tự động khi tải lên' },
  { label: 'Tên bộ tiêu chí', path: 'name', hint: '' },
  { label: 'Tên tiếng Anh', path: 'name_en', hint: 'không bắt buộc' },
  {
    label: 'Áp dụng cho',
    path: 'applies_to',
    hint: 'mã loại đơn vị, cách nhau dấu phẩy: commune (xã), ward (phường), township (thị trấn), district (huyện), urban_district (quận), town (thị xã), provincial_city (thành phố thuộc tỉnh), province (tỉnh), city (thành phố trực thuộc TW), special_zone (đặc khu)',
  },
  { label: 'Hiệu lực từ', path: 'valid.from', hint: 'dd/mm/yyyy' },
  { label: 'Hiệu lực đến', path: 'valid.to', hint: 'dd/mm/yyyy' },
  {
    label: 'Chính sách',
    path: 'policy',
    hint: 'all (mọi tiêu chí đạt), {"mandatory": ["1","2"], "optional_min": 1} hoặc {"points_min": 90}',
  },
  {
    label: 'Thuộc tính nhóm',
    path: 'group_attribute',
    hint: 'thuộc tính đơn vị dùng cho cột Nhóm (mặc định group)',
  },
  {
    label: 'Thu hồi công nhận',
    path: 'revocation',
    hint: 'không bắt buộc; tiêu chí then chốt khi xét thu hồi (QĐ 18/2022/QĐ-TTg), ví dụ {"key_criteria": ["10","17","19"]}',
  },
  { label: 'Nguồn (URL)', path: 'sources', hint: 'mỗi đường dẫn một dòng' },
  { label: 'Ghi chú', path: 'note', hint: '' },
  { label: 'Còn thiếu', path: 'todo', hint: 'những gì chưa có trong văn bản đã nhập' },
] as const;

/** Columns of the legal-basis table on "Thông tin". */
export const legalColumns = [
  { header: 'Số hiệu', key: 'number' },
  { header: 'Ngày ban hành', key: 'date' },
  { header: 'Cơ quan ban hành', key: 'issuer' },
  { header: 'Phần', key: 'part' },
  { header: 'Trích yếu', key: 'title' },
  { header: 'Ngày hiệu lực', key: 'effective' },
  { header: 'Đường dẫn', key: 'url' },
] as const;
export const legalTitle = 'CĂN CỨ PHÁP LÝ';

export const col = {
  criterionNo: 'Tiêu chí số',
  criterionName: 'Tên tiêu chí',
  code: 'Mã chỉ tiêu',
  name: 'Tên chỉ tiêu',
  measure: 'Mã số liệu',
  type: 'Kiểu',
  unit: 'Đơn vị tính',
  op: 'Phép so sánh',
  rule: 'Ngưỡng chung',
  cel: 'Quy tắc CEL',
  department: 'Cơ quan phụ trách',
  sources: 'Nguồn (URL)',
  verified: 'Đã kiểm chứng',
  note: 'Ghi chú',
  todo: 'Còn thiếu',
  evidence: 'Minh chứng',
  appliesIf: 'Điều kiện áp dụng (CEL)',
  basicRule: 'Ngưỡng cơ bản đạt',
  points: 'Điểm',
  maxPoints: 'Điểm tối đa',
  derived: 'Suy ra từ',
  otherOverrides: 'Ngưỡng khác (JSON)',
  nameEn: 'Tên tiếng Anh',
  criterionGroup: 'Nhóm tiêu chí',
  criterionPolicy: 'Chính sách tiêu chí',
  yaml: 'Định nghĩa (chỉ đọc)',
} as const;

/** Every column of "Chỉ tiêu" in order, with its width. */
export const indicatorColumns: Array<{ header: string; width: number }> = [
  { header: col.criterionNo, width: 8 },
  { header: col.criterionName, width: 24 },
  { header: col.code, width: 9 },
  { header: col.name, width: 44 },
  { header: col.measure, width: 22 },
  { header: col.type, width: 10 },
  { header: col.unit, width: 12 },
  { header: col.op, width: 9 },
  { header: col.rule, width: 11 },
  ...regions.map(([code]) => ({ header: code, width: 9 })),
  ...groups.map((g) => ({ header: groupHeader(g), width: 9 })),
  { header: col.cel, width: 30 },
  { header: col.department, width: 20 },
  { header: col.sources, width: 30 },
  { header: col.verified, width: 10 },
  { header: col.note, width: 30 },
  { header: col.todo, width: 24 },
  { header: col.evidence, width: 24 },
  { header: col.appliesIf, width: 20 },
  { header: col.basicRule, width: 12 },
  { header: col.points, width: 7 },
  { header: col.maxPoints, width: 8 },
  { header: col.derived, width: 26 },
  { header: col.otherOverrides, width: 24 },
  { header: col.nameEn, width: 24 },
  { header: col.criterionGroup, width: 9 },
  { header: col.criterionPolicy, width: 14 },
  { header: col.yaml, width: 20 },
];

/** "Tiêu chí số" of the framework's extra conditions (điều kiện), which belong to no criterion. */
export const conditionsNo = 'Điều kiện';

export const operators = ['>=', '<=', '==', '>', '<', '!='] as const;
export type Operator = (typeof operators)[number];
const operatorAliases: Record<string, Operator> = { '≥': '>=', '≤': '<=', '=': '==', '≠': '!=' };

export function toOperator(text: string): Operator | null {
  const t = text.trim();
  if ((operators as readonly string[]).includes(t)) return t as Operator;
  return operatorAliases[t] ?? null;
}

const typeByLabel = new Map<string, ValueType>(
  Object.entries(valueTypeLabels).flatMap(([type, label]) => [
    [type, type as ValueType],
    [label.toLowerCase(), type as ValueType],
  ]),
);

export function toValueType(text: string): ValueType | null {
  return typeByLabel.get(text.trim().toLowerCase()) ?? null;
}

const yes = new Set(['có', 'co', 'true', 'đạt', 'x', 'yes']);
const no = new Set(['không', 'khong', 'false', 'no']);
const notApplicable = new Set(['không áp dụng', 'khong ap dung', 'not_applicable']);

export function toBoolean(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (yes.has(t)) return true;
  if (no.has(t)) return false;
  return null;
}

/** A single comparison {op: value}, the shape one threshold cell can hold. */
export function singleComparison(
  rule: Rule | undefined,
): { op: Operator; value: number | boolean | string } | null {
  if (!rule || typeof rule !== 'object') return null;
  const keys = Object.keys(rule) as Array<keyof Threshold>;
  if (keys.length !== 1) return null;
  const op = toOperator(keys[0]!);
  const value = op ? rule[op] : undefined;
  if (!op || value === undefined) return null;
  return { op, value };
}

/** The cell for a threshold column, or null when the rule cannot be written in one cell. */
export function ruleCell(rule: Rule | undefined, rowOp: Operator | null): string | number | null | undefined {
  if (rule === undefined || rule === null) return undefined;
  if (rule === 'not_applicable') return 'không áp dụng';
  const single = singleComparison(rule);
  if (!single) return null;
  const shown = typeof single.value === 'boolean' ? (single.value ? 'có' : 'không') : single.value;
  if (single.op === rowOp) return shown;
  return `${single.op} ${shown}`;
}

export type CellRule = { ok: true; rule: Rule | undefined } | { ok: false; message: string };

function scalarFor(text: string, type: ValueType | null): number | boolean | string | null {
  if (type === 'boolean') return toBoolean(text);
  if (type === 'text' || type === 'date') return text;
  const n = parseNumber(text.replace(/%$/, ''));
  // Without a known type (the Kiểu cell is wrong, and says so), take what the cell looks like.
  return type === null && n === null ? toBoolean(text) : n;
}

/** Reads a threshold cell: number (with the row's operator), "op value", có/không, "không áp dụng". */
export function readRuleCell(text: string, rowOp: Operator | null, type: ValueType | null): CellRule {
  const t = text.trim();
  if (!t) return { ok: true, rule: undefined };
  if (notApplicable.has(t.toLowerCase())) return { ok: true, rule: 'not_applicable' };
  const m = /^(>=|<=|!=|==|≥|≤|≠|>|<|=)\s*(.+)$/.exec(t);
  const op = m ? toOperator(m[1]!) : (rowOp ?? (type === 'boolean' ? '==' : null));
  const raw = m ? m[2]!.trim() : t;
  if (!op)
    return {
      ok: false,
      message: `thiếu phép so sánh: chọn ở cột "${col.op}" (>=, <=, ==, >, <) hoặc ghi ">= ${t}"`,
    };
  const value = scalarFor(raw, type);
  if (value === null)
    return {
      ok: false,
      message:
        type === 'boolean'
          ? `"${raw}" không phải có/không`
          : `"${raw}" không phải là số (viết 90 hoặc 75,5; biểu thức CEL ghi ở cột "${col.cel}")`,
    };
  return { ok: true, rule: { [op]: value } as Threshold };
}
