import { type ImprovementRanking, rankImprovement } from '../rankings/improvement.ts';
import { statusColours } from './status-colours.ts';
import { cellBorder, newWorkbook, styleHeaderRow, toBuffer, viToday, writeHeaderBlock } from './workbook.ts';

type Options = Parameters<typeof rankImprovement>[1];

const signed = (n: number | null) => (n === null ? '' : n > 0 ? `+${n}` : String(n));
const statusName = (s: string | null) =>
  s === null ? '' : (statusColours[s as keyof typeof statusColours]?.label.vi ?? s);

/** The improvement ranking as .xlsx: the rule in words on top, one row per unit, in rank order. */
export function improvementWorkbook(r: ImprovementRanking) {
  const wb = newWorkbook('tieuchi:improvement');
  const sheet = wb.addWorksheet('Xếp hạng tiến bộ');
  const headerRow = writeHeaderBlock(sheet, `XẾP HẠNG THEO MỨC TIẾN BỘ — ${r.framework.name}`, [
    ['Địa bàn:', `${r.unit.name} (${r.unit.code})`],
    ['Từ kỳ:', r.from],
    ['Đến kỳ:', r.to],
    ['Cách xếp hạng:', r.rule],
    ['Ngày xuất:', viToday()],
  ]);
  const headers = [
    'Hạng',
    'Mã đơn vị',
    'Tên đơn vị',
    `Kết quả ${r.from}`,
    `Kết quả ${r.to}`,
    `Tiêu chí đạt ${r.from}`,
    `Tiêu chí đạt ${r.to}`,
    'Tiêu chí đạt thêm',
    'Chỉ tiêu đạt thêm',
    `Khoảng cách ${r.from}`,
    `Khoảng cách ${r.to}`,
    'Khoảng cách thu hẹp',
  ];
  sheet.columns = headers.map((_, i) => ({ width: i === 2 ? 28 : i < 2 ? 10 : 15 }));
  const head = sheet.getRow(headerRow);
  head.values = headers;
  head.height = 45;
  styleHeaderRow(head);
  r.rows.forEach((x, i) => {
    const row = sheet.getRow(headerRow + 1 + i);
    row.values = [
      x.rank ?? 'Không so sánh được',
      x.unit.code,
      x.unit.name,
      statusName(x.status_from),
      statusName(x.status_to),
      x.criteria_from === null ? '' : `${x.criteria_from}/${x.total_criteria}`,
      `${x.criteria_to}/${x.total_criteria}`,
      signed(x.criteria_gained),
      signed(x.indicators_gained),
      x.distance_from,
      x.distance_to,
      x.gap_closed,
    ];
    for (const c of [10, 11, 12]) row.getCell(c).numFmt = '#,##0.##';
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = cellBorder;
    });
  });
  sheet.views = [{ state: 'frozen', ySplit: headerRow, xSplit: 3 }];
  return wb;
}

/** Builds the improvement ranking and writes it as .xlsx. */
export async function buildImprovementXlsx(
  db: Parameters<typeof rankImprovement>[0],
  opts: Options,
): Promise<Buffer> {
  return toBuffer(improvementWorkbook(await rankImprovement(db, opts)));
}
