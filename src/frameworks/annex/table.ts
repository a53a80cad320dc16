/**
 * Finds the annex table of a decision (phụ lục) in a Word document and reads its layout:
 * criterion number and name (cells merged down their indicators), indicator text numbered
 * "2.1.", a general threshold column ("Chỉ tiêu chung"), one column per region under
 * "Chỉ tiêu theo vùng" or per commune group ("Nhóm 1/2/3"), section rows ("I. …") and
 * footnote rows ("Ghi chú", "(*) …").
 */
import { FileFormatError } from '../../files/tabular.ts';
import { foldVietnamese } from '../../units/search-name.ts';
import type { Grid, GridCell } from './docx.ts';

/** Regions as the decisions name them → the region codes of data/units (unit attribute `region`). */
const regionWords: Array<[RegExp, string]> = [
  [/trung du|mien nui phia bac|\btdmnpb\b/, 'TDMNPB'],
  [/dong bang song hong|\bdbsh\b/, 'DBSH'],
  [/duyen hai|nam trung bo|\bdhntb\b/, 'DHNTB'],
  [/bac trung bo|\bbtb\b/, 'BTB'],
  [/tay nguyen|\btn\b/, 'TN'],
  [/dong nam bo|\bdnb\b/, 'DNB'],
  [/cuu long|\bdbscl\b/, 'DBSCL'],
];

/** A threshold column: the general rule, one region (by_region) or one commune group (by_group). */
export type ThresholdColumn =
  | { kind: 'rule'; label: string }
  | { kind: 'region'; key: string; label: string }
  | { kind: 'group'; key: string; label: string };

export const columnKey = (c: ThresholdColumn) => (c.kind === 'rule' ? 'rule' : `${c.kind}:${c.key}`);

type Role = { kind: 'no' | 'criterion' | 'indicator' | 'note' | 'other' } | ThresholdColumn;

export interface AnnexRowCell {
  column: ThresholdColumn;
  text: string;
}

export interface AnnexIndicatorRow {
  code: string;
  name: string;
  cells: AnnexRowCell[];
  note?: string;
}

export interface AnnexCriterionRow {
  no: string;
  name: string;
  group?: string;
  indicators: AnnexIndicatorRow[];
}

export interface AnnexTable {
  criteria: AnnexCriterionRow[];
  /** Footnote rows (ghi chú) in order. */
  notes: string[];
  columns: ThresholdColumn[];
}

function classify(header: string, leaf: string): Role {
  const h = foldVietnamese(header);
  const l = foldVietnamese(leaf);
  for (const [re, code] of regionWords)
    if (re.test(l) || (l === '' && re.test(h))) return { kind: 'region', key: code, label: leaf || header };
  const g = /nhom\s*([1-9])\b/.exec(l) ?? /nhom\s*([1-9])\b/.exec(h);
  if (g) return { kind: 'group', key: g[1]!, label: leaf || header };
  if (/^(s?tt|so tt|so thu tu|tieu chi so)$/.test(l)) return { kind: 'no' };
  if (/ghi chu/.test(h)) return { kind: 'note' };
  if (/ten tieu chi/.test(h) || l === 'tieu chi') return { kind: 'criterion' };
  if (/chung|muc dat chuan|nguong/.test(h)) return { kind: 'rule', label: leaf || header };
  if (/noi dung|chi tieu|yeu cau/.test(h)) return { kind: 'indicator' };
  return { kind: 'other' };
}

const isNumberingRow = (row: GridCell[]) => {
  const texts = row.filter((c) => c.origin && c.text).map((c) => c.text);
  return texts.length >= 3 && texts.every((t) => /^\(?\d{1,2}\)?$/.test(t));
};
const startsData = (row: GridCell[]) => /^(\d+[a-z]?|[IVX]+)(\.|\s|$)/.test(row[0]?.text ?? '');
/** A row that is one cell across the whole table (a title, a section "I. …" or a footnote). */
const isFullWidth = (row: GridCell[]) =>
  row.length > 0 && row.every((c) => c.text === row[0]!.text) && row.filter((c) => c.origin).length <= 1;
const footnoteStart = /^(ghi chú|chú thích|lưu ý|\(?\*+\)?|\(\d{1,2}\))/i;

interface Layout {
  grid: Grid;
  dataStart: number;
  roles: Role[];
}

function layoutOf(grid: Grid): Layout | null {
  let dataStart = grid.findIndex((row) => !isNumberingRow(row) && startsData(row));
  if (dataStart <= 0) return null;
  const header = grid.slice(0, dataStart).filter((r) => !isFullWidth(r) && !isNumberingRow(r));
  if (header.length === 0) return null;
  const width = grid[0]!.length;
  const roles: Role[] = [];
  for (let j = 0; j < width; j++) {
    const texts = header.map((r) => r[j]?.text ?? '').filter((t, i, a) => t && a.indexOf(t) === i);
    roles.push(classify(texts.join(' / '), texts[texts.length - 1] ?? ''));
  }
  const has = (k: string) => roles.some((r) => r.kind === k);
  if (!has('indicator') && !has('criterion')) return null;
  if (!has('rule') && !has('region') && !has('group')) return null;
  while (dataStart < grid.length && isNumberingRow(grid[dataStart]!)) dataStart++;
  return { grid, dataStart, roles };
}

const codePattern = /^(\d+[a-z]?(?:\.\d+[a-z]?)*)\.?(?:\s+|$)([\s\S]*)$/;

const annexHeading = /^phụ lục\b/i;

/**
 * The annex table, continued by the tables right after it with the same columns (a table split
 * across pages, its header repeated or not) until a paragraph opens another annex ("PHỤ LỤC II").
 */
function findLayout(tables: Grid[], before: string[][]): Layout | null {
  const k = tables.findIndex((t) => layoutOf(t) !== null);
  if (k < 0) return null;
  const layout = layoutOf(tables[k]!)!;
  const width = tables[k]![0]!.length;
  const rows = [...layout.grid];
  for (let j = k + 1; j < tables.length; j++) {
    if ((before[j] ?? []).some((p) => annexHeading.test(p)) || tables[j]![0]?.length !== width) break;
    rows.push(...tables[j]!);
  }
  return { ...layout, grid: rows };
}

/** Reads the annex table; FileFormatError (Vietnamese) when the document has none. */
export function readAnnexTable(tables: Grid[], before: string[][] = []): AnnexTable {
  const layout = findLayout(tables, before);
  if (!layout)
    throw new FileFormatError(
      'Không tìm thấy bảng phụ lục trong văn bản: cần một bảng có cột "Tên tiêu chí" hoặc "Nội dung tiêu chí"/"Chỉ tiêu" và cột ngưỡng ("Chỉ tiêu chung", các vùng dưới "Chỉ tiêu theo vùng", hoặc "Nhóm 1", "Nhóm 2", "Nhóm 3").',
    );
  const { grid, roles } = layout;
  const at = (kind: string) => roles.findIndex((r) => r.kind === kind);
  const noCol = at('no');
  const nameCol = at('criterion');
  const indCol = at('indicator');
  const noteCol = at('note');
  // A column merged across (gridSpan) reads as one: keep the first grid column of each cell.
  const thresholdCols = roles
    .map((r, j) => ({ r, j }))
    .filter(({ r }) => r.kind === 'rule' || r.kind === 'region' || r.kind === 'group')
    .filter(({ r }, i, all) => all.findIndex((x) => JSON.stringify(x.r) === JSON.stringify(r)) === i);
  const columns = thresholdCols.map(({ r }) => r as ThresholdColumn);
  const criteria: AnnexCriterionRow[] = [];
  const notes: string[] = [];
  let section: string | undefined;
  let current: AnnexCriterionRow | undefined;
  let inFootnotes = false;
  // A header row repeated further down (a table continued on the next page) is not data.
  const key = (row: GridCell[]) => row.map((c) => c.text).join('\u0001');
  const headerRows = new Set(grid.slice(0, layout.dataStart).map(key));
  for (let i = layout.dataStart; i < grid.length; i++) {
    const row = grid[i]!;
    if (isNumberingRow(row) || row.every((c) => !c.text) || headerRows.has(key(row))) continue;
    const first = row.find((c) => c.text)?.text ?? '';
    if (isFullWidth(row) || inFootnotes || footnoteStart.test(first)) {
      const roman = /^([IVX]+)[.\s]/.exec(first);
      if (roman && !inFootnotes && isFullWidth(row)) section = roman[1];
      else {
        notes.push(first);
        inFootnotes = inFootnotes || /^(ghi chú|chú thích|lưu ý)/i.test(first);
      }
      continue;
    }
    const cell = (j: number) => (j >= 0 ? row[j] : undefined);
    const noCell = cell(noCol);
    const nameCell = cell(nameCol);
    const indCell = cell(indCol);
    const noText = noCell && !noCell.continued ? noCell.text.replace(/\.$/, '') : '';
    // A section row laid out in the columns: "I" | "HẠ TẦNG" (or "I. HẠ TẦNG" across both) | nothing else.
    const roman = /^([IVX]+)(?:\.|\s|$)/.exec(noText);
    const spanned = (c: GridCell) => c.text === noCell?.text || c.text === nameCell?.text;
    if (roman && row.every((c, j) => j === noCol || j === nameCol || !c.text || spanned(c))) {
      section = roman[1];
      continue;
    }
    const code = indCell && !indCell.continued ? codePattern.exec(indCell.text) : null;
    const startsCriterion =
      (/^\d+[a-z]?$/.test(noText) && noCell?.origin) ||
      (noCol < 0 && nameCell?.origin && !nameCell.continued && nameCell.text !== '');
    if (startsCriterion || !current) {
      const no = /^\d+[a-z]?$/.test(noText)
        ? noText
        : (code?.[1]?.split('.')[0] ?? String(criteria.length + 1));
      current = {
        no,
        name: nameCell?.text.replace(/\s*\n\s*/g, ' ') || `Tiêu chí ${no}`,
        group: section,
        indicators: [],
      };
      criteria.push(current);
    }
    if (indCell?.continued) continue;
    const cells = thresholdCols.map(({ r, j }) => ({ column: r as ThresholdColumn, text: row[j]!.text }));
    const text = indCell?.text ?? '';
    if (!text && cells.every((c) => !c.text)) continue;
    let indCode: string;
    let name: string;
    if (code?.[1]?.includes('.') || (code && code[1] === current.no)) {
      indCode = code[1]!;
      name = code[2]!.replace(/\s*\n\s*/g, ' ').trim() || current.name;
    } else {
      indCode =
        current.indicators.length === 0 ? current.no : `${current.no}.${current.indicators.length + 1}`;
      name = text.replace(/\s*\n\s*/g, ' ').trim() || current.name;
    }
    const note = noteCol >= 0 ? row[noteCol]!.text : '';
    current.indicators.push({ code: indCode, name, cells, ...(note ? { note } : {}) });
  }
  return { criteria, notes, columns };
}
