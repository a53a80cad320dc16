import type ExcelJS from 'exceljs';
import type { Db } from '../db/database.ts';
import type { FrameworkDefinition, Indicator } from '../frameworks/schema.ts';
import { requireFramework } from '../frameworks/store.ts';
import { viDate } from '../text.ts';
import {
  col,
  conditionsNo,
  guideSheetName,
  indicatorColumns,
  indicatorSheetName,
  infoFields,
  infoSheetName,
  legalColumns,
  legalTitle,
  operators,
  regions,
} from './framework-columns.ts';
import {
  type Cells,
  criterionCells,
  indicatorCells,
  json,
  readOnlyCells,
  text,
} from './framework-template-cells.ts';
import { cellBorder, newWorkbook, solidFill, styleHeaderRow, toBuffer, valueTypeLabels } from './workbook.ts';

export { parseFrameworkTemplate, readFrameworkTemplate } from './framework-template-read.ts';

function writeInfoSheet(sheet: ExcelJS.Worksheet, def: FrameworkDefinition): void {
  sheet.columns = [
    { width: 22 },
    { width: 60 },
    { width: 60 },
    { width: 16 },
    { width: 40 },
    { width: 14 },
    { width: 40 },
  ];
  sheet.getCell(1, 1).value = 'BỘ TIÊU CHÍ — THÔNG TIN CHUNG';
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  const head = sheet.getRow(2);
  head.values = ['Mục', 'Giá trị', 'Hướng dẫn'];
  styleHeaderRow(head);
  const values: Record<string, unknown> = {
    id: def.id,
    version: def.version,
    name: def.name,
    name_en: def.name_en,
    applies_to: def.applies_to.join(', '),
    'valid.from': viDate(def.valid.from),
    'valid.to': viDate(def.valid.to),
    policy: def.policy === 'all' ? 'all' : json(def.policy),
    group_attribute: def.group_attribute,
    revocation: def.revocation ? json(def.revocation) : undefined,
    sources: def.sources.join('\n') || undefined,
    note: def.note,
    todo: def.todo,
  };
  infoFields.forEach((f, i) => {
    const row = sheet.getRow(3 + i);
    row.values = [f.label, text(values[f.path]) ?? null, f.hint];
    row.getCell(1).font = { bold: true };
    row.getCell(2).numFmt = '@';
    row.getCell(3).font = { italic: true, color: { argb: 'FF616161' } };
    row.alignment = { vertical: 'top', wrapText: true };
  });
  const titleRow = 3 + infoFields.length + 1;
  sheet.getCell(titleRow, 1).value = legalTitle;
  sheet.getCell(titleRow, 1).font = { bold: true };
  const legalHead = sheet.getRow(titleRow + 1);
  legalHead.values = legalColumns.map((c) => c.header);
  styleHeaderRow(legalHead);
  def.legal_basis.forEach((lb, i) => {
    const row = sheet.getRow(titleRow + 2 + i);
    row.values = legalColumns.map((c) => {
      const v = lb[c.key];
      return v === undefined ? null : c.key === 'date' || c.key === 'effective' ? viDate(v) : v;
    });
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.numFmt = '@';
    });
  });
}

function writeGuideSheet(sheet: ExcelJS.Worksheet): void {
  sheet.columns = [{ width: 120 }];
  const lines = [
    'HƯỚNG DẪN ĐIỀN MẪU BỘ TIÊU CHÍ',
    '1. Trang "Thông tin": mã, tên, căn cứ pháp lý, loại đơn vị áp dụng, thời gian hiệu lực.',
    '2. Trang "Chỉ tiêu": dòng chỉ có "Tiêu chí số" và "Tên tiêu chí" là dòng tiêu chí; mỗi chỉ tiêu một dòng có "Mã chỉ tiêu".',
    '3. Ngưỡng: chọn "Phép so sánh" rồi ghi số vào "Ngưỡng chung" (ví dụ >= và 90 nghĩa là ≥ 90). Chỉ tiêu có/không: == và "có".',
    '4. Ngưỡng riêng theo vùng hoặc nhóm xã ghi ở cột của vùng/nhóm; để trống nghĩa là dùng ngưỡng chung. Ghi "không áp dụng" nếu chỉ tiêu không áp dụng.',
    '5. Để TRỐNG ngưỡng khi văn bản chưa quy định: chỉ tiêu sẽ hiện "Chưa có ngưỡng". Không điền số không có trong văn bản.',
    '6. Quy tắc phức tạp ghi ở cột "Quy tắc CEL", ví dụ: value >= 60.0 || unit.region == \'TDMNPB\'.',
    '7. Dòng tô xám (chỉ tiêu gồm nhiều nội dung) chỉ để tham khảo: sửa bằng tệp YAML.',
    '8. "Tiêu chí số" = "Điều kiện" cho các điều kiện chung của bộ tiêu chí (không thuộc tiêu chí nào).',
    `Vùng: ${regions.map(([code, name]) => `${code} = ${name}`).join('; ')}`,
  ];
  lines.forEach((l, i) => {
    const cell = sheet.getCell(i + 1, 1);
    cell.value = l;
    cell.alignment = { wrapText: true };
    if (i === 0) cell.font = { bold: true, size: 14 };
  });
}

const greyText = { color: { argb: 'FF757575' } };

function writeIndicatorSheet(sheet: ExcelJS.Worksheet, def: FrameworkDefinition): void {
  const headers = indicatorColumns.map((c) => c.header);
  sheet.columns = indicatorColumns.map((c) => ({ width: c.width, hidden: c.header === col.yaml }));
  const head = sheet.getRow(1);
  head.values = headers;
  head.height = 45;
  styleHeaderRow(head);
  head.getCell(headers.indexOf(col.rule) + 1).fill = solidFill('#FFE082');
  regions.forEach(([code, name]) => {
    head.getCell(headers.indexOf(code) + 1).note = `Vùng ${name}`;
  });
  let r = 2;
  const put = (cells: Cells, kind: 'criterion' | 'indicator' | 'readonly') => {
    const row = sheet.getRow(r);
    headers.forEach((h, i) => {
      const cell = row.getCell(i + 1);
      const v = cells[h];
      if (typeof v === 'number' || typeof v === 'string') cell.value = v;
      cell.border = cellBorder;
      cell.alignment = { vertical: 'top', wrapText: true };
    });
    for (const h of [col.criterionNo, col.code]) row.getCell(headers.indexOf(h) + 1).numFmt = '@';
    if (kind === 'criterion') {
      row.font = { bold: true };
      row.eachCell({ includeEmpty: true }, (cell) => {
        cell.fill = solidFill('#F1F8E9');
      });
    } else {
      row.getCell(headers.indexOf(col.criterionName) + 1).font = greyText;
      if (kind === 'readonly') {
        row.eachCell({ includeEmpty: true }, (cell) => {
          cell.fill = solidFill('#EEEEEE');
          cell.font = { italic: true, ...greyText };
        });
      }
    }
    r += 1;
  };
  const indicatorRows = (no: string, criterionName: string, list: Indicator[]) => {
    for (const ind of list) {
      const cells = ind.parts ? readOnlyCells(ind) : indicatorCells(ind);
      put(
        { [col.criterionNo]: no, [col.criterionName]: criterionName, ...cells },
        ind.parts ? 'readonly' : 'indicator',
      );
    }
  };
  for (const c of def.criteria) {
    put({ [col.criterionNo]: c.no, ...criterionCells(c) }, 'criterion');
    indicatorRows(c.no, c.name, c.indicators);
  }
  if (def.conditions.length > 0) {
    put(
      { [col.criterionNo]: conditionsNo, [col.criterionName]: 'Điều kiện chung của bộ tiêu chí' },
      'criterion',
    );
    indicatorRows(conditionsNo, 'Điều kiện chung của bộ tiêu chí', def.conditions);
  }
  const lists: Array<[string, string]> = [
    [col.type, Object.values(valueTypeLabels).join(',')],
    [col.op, operators.join(',')],
    [col.verified, 'có,không'],
  ];
  for (let row = 2; row < r + 200; row++)
    for (const [h, list] of lists)
      sheet.getCell(row, headers.indexOf(h) + 1).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [`"${list}"`],
      };
  sheet.views = [{ state: 'frozen', ySplit: 1, xSplit: 4 }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
}

/** What a template for a new framework starts from: one empty criterion, nothing guessed. */
const blank: FrameworkDefinition = {
  id: '',
  version: 1,
  name: '',
  legal_basis: [{ number: '' }],
  applies_to: [],
  valid: { from: '', to: '' },
  policy: 'all',
  group_attribute: 'group',
  sources: [],
  conditions: [],
  criteria: [],
};

/**
 * The .xlsx template officials fill from a legal annex: "Thông tin" (id, name, legal basis,
 * validity) and "Chỉ tiêu" (one row per indicator, one threshold column per region and commune
 * group), pre-filled from the framework's latest published version (empty without `frameworkId`).
 * Empty thresholds stay empty.
 */
export async function buildFrameworkTemplate(db: Db, opts: { frameworkId?: string }): Promise<Buffer> {
  const def = opts.frameworkId ? (await requireFramework(db, opts.frameworkId)).def : blank;
  const wb = newWorkbook('tieuchi:framework-template');
  writeInfoSheet(wb.addWorksheet(infoSheetName), def);
  writeIndicatorSheet(wb.addWorksheet(indicatorSheetName), def);
  writeGuideSheet(wb.addWorksheet(guideSheetName));
  return toBuffer(wb);
}
