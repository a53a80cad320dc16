import type ExcelJS from 'exceljs';
import { type Actor, requireRead } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import type { CompiledIndicator } from '../engine/framework.ts';
import { type IndicatorJson, readEvaluation, type UnitResultJson } from '../evaluations/report.ts';
import { readSheets, type Sheet } from '../files/sheets.ts';
import { FileFormatError, type Table, type TableRow } from '../files/tabular.ts';
import type { ValueType } from '../frameworks/schema.ts';
import { requireFramework } from '../frameworks/store.ts';
import { text, viDate } from '../text.ts';
import {
  cellBorder,
  findHeaderRow,
  newWorkbook,
  numberFormat,
  solidFill,
  styleHeaderRow,
  textOf,
  toBuffer,
  valueTypeLabels,
  viToday,
  writeHeaderBlock,
} from './workbook.ts';

export const valuesSheetName = 'Số liệu';
const newValueHeader = 'Giá trị mới';
const noteHeader = 'Ghi chú';
/** Technical columns (hidden, locked) that map an uploaded row back to a figure. */
const technical = ['unit_code', 'indicator', 'period'] as const;

const columns: Array<{ header: string; width: number; hidden?: boolean }> = [
  { header: 'Mã đơn vị', width: 12 },
  { header: 'Tên đơn vị', width: 26 },
  { header: 'Mã chỉ tiêu', width: 10 },
  { header: 'Tên chỉ tiêu', width: 50 },
  { header: 'Mã số liệu', width: 24 },
  { header: 'Đơn vị tính', width: 14 },
  { header: 'Kiểu', width: 11 },
  { header: 'Ngưỡng', width: 18 },
  { header: 'Giá trị hiện tại', width: 15 },
  { header: newValueHeader, width: 15 },
  { header: noteHeader, width: 32 },
  ...technical.map((header) => ({ header, width: 12, hidden: true })),
];
const col = (header: string) => columns.findIndex((c) => c.header === header) + 1;

interface CurrentValue {
  unit_code: string;
  measure_id: string;
  num: number | null;
  txt: string | null;
  na: boolean;
  note: string | null;
}

/** One line to fill: a unit and one measure, with the indicator(s) that read it. */
interface TemplateLine {
  unit: UnitResultJson['unit'];
  codes: string[];
  name: string;
  measure: string;
  type: ValueType;
  unitLabel: string | null;
  threshold: string;
}

function thresholdText(j: IndicatorJson | undefined): string {
  if (!j) return '';
  if (j.threshold) return j.threshold;
  if (j.status === 'not_applicable') return 'Không áp dụng';
  if (j.status === 'rule_missing') return 'Chưa có ngưỡng';
  return '';
}

/** The lines of one unit: indicators with a measure, parts expanded, derived ones left out. */
function unitLines(
  result: UnitResultJson,
  indicators: Array<{ ind: CompiledIndicator; json: IndicatorJson | undefined }>,
): TemplateLine[] {
  const byMeasure = new Map<string, TemplateLine>();
  const add = (ind: CompiledIndicator, code: string, name: string, json: IndicatorJson | undefined) => {
    if (!ind.measure) return;
    const seen = byMeasure.get(ind.measure);
    if (seen) {
      if (!seen.codes.includes(code)) seen.codes.push(code);
      return;
    }
    byMeasure.set(ind.measure, {
      unit: result.unit,
      codes: [code],
      name,
      measure: ind.measure,
      type: ind.type,
      unitLabel: ind.unit,
      threshold: thresholdText(json),
    });
  };
  for (const { ind, json } of indicators) {
    if (ind.parts)
      ind.parts.forEach((p, k) => {
        add(p, ind.code, `${ind.name} — ${p.name}`, json?.parts?.[k]);
      });
    else add(ind, ind.code, ind.name, json);
  }
  return [...byMeasure.values()];
}

function currentCell(cell: ExcelJS.Cell, v: CurrentValue | undefined, type: ValueType): void {
  if (!v) return;
  if (v.na) cell.value = 'không áp dụng';
  else if (type === 'boolean' && v.num !== null) cell.value = v.num !== 0 ? 'có' : 'không';
  else if (v.num !== null) {
    cell.value = v.num;
    cell.numFmt = numberFormat(v.num);
  } else if (v.txt !== null) cell.value = type === 'date' ? viDate(v.txt) : v.txt;
}

/**
 * The .xlsx template to enter figures for a unit and its direct children in a period: one row
 * per (unit, measure) the framework reads, with threshold and current value, and a highlighted
 * blank "Giá trị mới" column. Hidden columns map each row back to (unit, measure, period).
 */
export async function buildValuesTemplate(
  db: Db,
  opts: { frameworkId: string; period: string; unitCode: string; actor: Actor },
): Promise<Buffer> {
  // A workbook holds the unit's and its children's figures: the full read of the unit is needed.
  await requireRead(db, opts.actor, { unitCode: opts.unitCode });
  const report = await readEvaluation(db, opts);
  const fw = await requireFramework(db, report.framework.id, report.framework.version);
  const c = fw.compiled;
  const lines = report.results
    .filter((r) => c.appliesTo.has(r.unit.kind))
    .flatMap((r) =>
      unitLines(r, [
        ...c.criteria.flatMap((cr, i) =>
          cr.indicators.map((ind, j) => ({ ind, json: r.criteria[i]?.indicators[j] })),
        ),
        ...c.conditions.map((ind, j) => ({ ind, json: r.conditions?.[j] })),
      ]),
    );
  const current = new Map(
    (
      await db.query<CurrentValue>(
        `SELECT unit_code, measure_id, num, txt, na, note FROM value_current
         WHERE period = $1 AND unit_code = ANY($2) AND measure_id = ANY($3)`,
        [report.period, [...new Set(lines.map((l) => l.unit.code))], c.measures],
      )
    ).map((v) => [`${v.unit_code}\u0000${v.measure_id}`, v]),
  );

  const wb = newWorkbook('tieuchi:values-template');
  const sheet = wb.addWorksheet(valuesSheetName);
  const self = report.results[0]!.unit;
  const headerRow = writeHeaderBlock(sheet, 'MẪU NHẬP SỐ LIỆU', [
    [
      'Bộ tiêu chí:',
      `${report.framework.name} (${report.framework.id}, phiên bản ${report.framework.version})`,
    ],
    ['Kỳ:', report.period],
    ['Đơn vị:', `${self.name} (${self.code}) và các đơn vị trực thuộc`],
    ['Ngày xuất:', viToday()],
    [
      'Hướng dẫn:',
      lines.length > 0
        ? `Điền cột "${newValueHeader}" ở những dòng cần cập nhật (số: 75,8; tỷ lệ: 92; có/không; ngày: dd/mm/yyyy; "không áp dụng"), để trống dòng không đổi. Không sửa các cột khác.`
        : 'Không có đơn vị nào thuộc phạm vi áp dụng của bộ tiêu chí',
    ],
  ]);
  sheet.columns = columns.map((c) => ({ width: c.width, hidden: c.hidden ?? false }));
  const head = sheet.getRow(headerRow);
  head.values = columns.map((c) => c.header);
  styleHeaderRow(head);
  head.getCell(col(newValueHeader)).fill = solidFill('#FFE082');

  lines.forEach((l, i) => {
    const row = sheet.getRow(headerRow + 1 + i);
    const v = current.get(`${l.unit.code}\u0000${l.measure}`);
    row.values = [
      l.unit.code,
      l.unit.name,
      l.codes.join(', '),
      l.name,
      l.measure,
      l.unitLabel ?? (l.type === 'percent' ? '%' : ''),
      valueTypeLabels[l.type],
      l.threshold,
      null,
      null,
      v?.note ?? null,
      l.unit.code,
      l.measure,
      report.period,
    ];
    currentCell(row.getCell(col('Giá trị hiện tại')), v, l.type);
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = cellBorder;
      cell.alignment = { vertical: 'top', wrapText: true };
    });
    const input = row.getCell(col(newValueHeader));
    input.numFmt = '@'; // what the official types is what is read: "75,8", "có", "15/03/2024"
    input.fill = solidFill('#FFF8E1');
    for (const editable of [input, row.getCell(col(noteHeader))]) editable.protection = { locked: false };
    if (l.type === 'boolean')
      input.dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: ['"có,không,không áp dụng"'],
        showErrorMessage: true,
        errorTitle: 'Giá trị không hợp lệ',
        error: 'Chọn có, không hoặc không áp dụng',
      };
  });
  sheet.views = [{ state: 'frozen', ySplit: headerRow, xSplit: 2 }];
  await sheet.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    formatRows: true,
    autoFilter: true,
  });
  return toBuffer(wb);
}

/**
 * Reads a filled values template back as a table (unit_code, indicator, period, value, note) of
 * the rows whose "Giá trị mới" is filled, each with its Excel row number as `line`; the result
 * goes through importValueTable like any other import.
 */
export async function readValuesTemplate(buffer: Buffer): Promise<Table> {
  return valuesTemplateTable(await readSheets(buffer, 'mau-nhap.xlsx'));
}

/** readValuesTemplate on sheets already read (an upload is read once). */
export function valuesTemplateTable(workbook: Sheet[]): Table {
  const wanted = [...technical, newValueHeader];
  const sheets = [
    ...workbook.filter((s) => s.name === valuesSheetName),
    ...workbook.filter((s) => s.name !== valuesSheetName),
  ];
  const found = sheets.map((sheet) => ({ sheet, ...findHeaderRow(sheet, wanted) }));
  const best = found.sort((a, b) => a.missing.length - b.missing.length)[0];
  if (!best || best.missing.length > 0) {
    const missing = best?.missing ?? wanted;
    // The template's technical columns are hidden: named together, in Vietnamese.
    const hidden = missing.some((m) => (technical as readonly string[]).includes(m));
    const named = [
      ...missing.filter((m) => !(technical as readonly string[]).includes(m)).map((m) => `cột "${m}"`),
      ...(hidden ? ['các cột ẩn của mẫu'] : []),
    ];
    throw new FileFormatError(
      text(
        `Tệp không phải mẫu nhập số liệu của TieuChi: thiếu ${named.join(', ')} (tải mẫu mới ở trang Nhập số liệu)`,
        `not a TieuChi values template: missing columns ${missing.join(', ')}`,
      ),
    );
  }
  const { sheet, row: headerRow, columns: at } = best;
  const fallback = { unit_code: 'Mã đơn vị', indicator: 'Mã số liệu' } as const;
  const period = textOf(sheet.getCell(headerRow + 1, at.get('period')!));
  const rows: TableRow[] = [];
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const get = (h: string) => {
      const c = at.get(h);
      return c === undefined ? '' : textOf(row.getCell(c));
    };
    const value = get(newValueHeader);
    if (!value) continue;
    rows.push({
      line: r,
      cells: {
        // A row copied by hand may lack the hidden columns: fall back on the visible codes.
        unit_code: get('unit_code') || get(fallback.unit_code),
        indicator: get('indicator') || get(fallback.indicator),
        period: get('period') || period,
        value,
        note: get(noteHeader),
      },
    });
  }
  if (rows.length === 0)
    throw new FileFormatError(
      text(
        `Chưa điền cột "${newValueHeader}" ở dòng nào: không có số liệu để nhập`,
        `no row has a new value`,
      ),
    );
  return {
    header: ['unit_code', 'indicator', 'period', 'value', 'note'],
    rows,
    // Problems name the columns an official sees (the period is the sheet's, written in its title).
    shownAs: {
      unit_code: 'Mã đơn vị',
      indicator: 'Mã số liệu',
      period: 'Kỳ',
      value: newValueHeader,
      note: noteHeader,
    },
  };
}
