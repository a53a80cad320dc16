import type ExcelJS from 'exceljs';
import { type Actor, requireRead } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import type { Status } from '../engine/status.ts';
import { readEvaluation, type UnitResultJson } from '../evaluations/report.ts';
import { requireFramework } from '../frameworks/store.ts';
import { legendOrder, statusColours } from './status-colours.ts';
import {
  argb,
  cellBorder,
  newWorkbook,
  solidFill,
  styleHeaderRow,
  toBuffer,
  viToday,
  writeHeaderBlock,
} from './workbook.ts';

const countColumns: Array<{ key: keyof NonNullable<UnitResultJson['children']>; header: string }> = [
  { key: 'total', header: 'Đơn vị cấp dưới: tổng số' },
  { key: 'met', header: 'Đạt' },
  { key: 'basically_met', header: 'Cơ bản đạt' },
  { key: 'not_met', header: 'Chưa đạt' },
  { key: 'no_data', header: 'Chưa có số liệu' },
  { key: 'rule_missing', header: 'Chưa có ngưỡng' },
];

function paint(cell: ExcelJS.Cell, status: Status): void {
  const c = statusColours[status];
  cell.value = c.label.vi;
  cell.fill = solidFill(c.fill);
  cell.font = { color: { argb: argb(c.text) }, bold: status === 'met' || status === 'not_met' };
  cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
}

/**
 * The scorecard of a unit's direct children as .xlsx: one row per unit, one coloured status
 * cell per criterion (the UI's colours), met criteria and sub-unit counts, and a legend.
 */
export async function buildScorecardXlsx(
  db: Db,
  opts: { frameworkId: string; period: string; unitCode: string; actor: Actor },
): Promise<Buffer> {
  // A workbook holds the unit's and its children's figures: the full read of the unit is needed.
  await requireRead(db, opts.actor, { unitCode: opts.unitCode });
  const report = await readEvaluation(db, opts);
  const fw = await requireFramework(db, report.framework.id, report.framework.version);
  const criteria = fw.def.criteria;
  const [self, ...children] = report.results;
  const wb = newWorkbook('tieuchi:scorecard');
  const sheet = wb.addWorksheet('Bảng tổng hợp');
  const summary = self!.children
    ? `${self!.children.met}/${self!.children.total} đơn vị đạt, ${self!.children.basically_met} cơ bản đạt`
    : `${statusColours[self!.status].label.vi} (${self!.met_criteria}/${self!.total_criteria} tiêu chí)`;
  const headerRow = writeHeaderBlock(sheet, `BẢNG TỔNG HỢP KẾT QUẢ — ${report.framework.name}`, [
    ['Bộ tiêu chí:', `${report.framework.id}, phiên bản ${report.framework.version}`],
    ['Kỳ:', report.period],
    ['Đơn vị:', `${self!.unit.name} (${self!.unit.code})`],
    ['Kết quả:', summary],
    ['Ngày xuất:', viToday()],
  ]);
  const fixed = ['STT', 'Mã đơn vị', 'Tên đơn vị', 'Kết quả', 'Số tiêu chí đạt'];
  const headers = [
    ...fixed,
    ...criteria.map((c) => `TC ${c.no}. ${c.name}`),
    ...countColumns.map((c) => c.header),
  ];
  sheet.columns = headers.map((_, i) => ({
    width: i === 0 ? 6 : i === 1 ? 12 : i === 2 ? 28 : i < fixed.length ? 15 : 14,
  }));
  const head = sheet.getRow(headerRow);
  head.values = headers;
  head.height = 60;
  styleHeaderRow(head);

  const rows = [self!, ...children];
  rows.forEach((r, i) => {
    const row = sheet.getRow(headerRow + 1 + i);
    const applicable = r.total_criteria > 0 || r.criteria.length > 0;
    row.values = [
      i === 0 ? '' : i,
      r.unit.code,
      r.unit.name,
      null,
      applicable ? `${r.met_criteria}/${r.total_criteria}` : '',
      ...criteria.map(() => null),
      ...countColumns.map((c) => r.children?.[c.key] ?? null),
    ];
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = cellBorder;
    });
    if (i === 0) row.font = { bold: true };
    // A parent the framework does not apply to (a district under a commune framework) is a totals row.
    if (r.status === 'not_applicable' && r.children) row.getCell(4).value = 'Tổng hợp';
    else paint(row.getCell(4), r.status);
    r.criteria.forEach((c, k) => {
      paint(row.getCell(fixed.length + 1 + k), c.status);
    });
  });

  let legendRow = headerRow + rows.length + 2;
  sheet.getCell(legendRow, 2).value = 'Chú giải';
  sheet.getCell(legendRow, 2).font = { bold: true };
  for (const status of legendOrder) {
    legendRow += 1;
    paint(sheet.getCell(legendRow, 2), status);
    sheet.getCell(legendRow, 3).value = statusColours[status].label.en;
  }
  sheet.views = [{ state: 'frozen', ySplit: headerRow, xSplit: 3 }];
  return toBuffer(wb);
}
