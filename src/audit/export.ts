import type { Db } from '../db/database.ts';
import { newWorkbook, styleHeaderRow, toBuffer, viToday, writeHeaderBlock } from '../excel/workbook.ts';
import { type AuditFilter, listEvents } from './list.ts';
import { eventName, eventSummary, loadAuditNames } from './present.ts';

/** At most this many events go into one .xlsx file (newest first). */
export const EXPORT_LIMIT = 100_000;

const vnTime = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** The audit events matching `filter` as an .xlsx sheet (Vietnam time, one row per event). */
export async function exportEventsXlsx(
  db: Db,
  filter: Omit<AuditFilter, 'limit' | 'offset'>,
): Promise<Buffer> {
  const { events, total } = await listEvents(db, { ...filter, limit: EXPORT_LIMIT, offset: 0 });
  const names = await loadAuditNames(db);
  const wb = newWorkbook('tieuchi-audit');
  const sheet = wb.addWorksheet('Nhật ký');
  const lines: Array<[string, string]> = [['Ngày xuất', viToday()]];
  if (filter.unitCode) lines.push(['Đơn vị', filter.unitCode]);
  if (filter.userId !== undefined) lines.push(['Mã người dùng', String(filter.userId)]);
  if (filter.dossierId !== undefined) lines.push(['Hồ sơ', String(filter.dossierId)]);
  if (filter.type) lines.push(['Loại sự kiện', filter.type]);
  if (filter.from || filter.to) lines.push(['Thời gian', `${filter.from ?? '…'} – ${filter.to ?? '…'}`]);
  lines.push([
    'Số sự kiện',
    total > events.length ? `${events.length} / ${total} (mới nhất)` : String(total),
  ]);
  const first = writeHeaderBlock(sheet, 'Nhật ký thay đổi (TieuChi)', lines);
  const header = sheet.getRow(first);
  header.values = [
    'Thời điểm',
    'Sự kiện',
    'Mã sự kiện',
    'Người thực hiện',
    'Mã người dùng',
    'Đơn vị',
    'Hồ sơ',
    'Chi tiết',
  ];
  styleHeaderRow(header);
  events.forEach((e, i) => {
    sheet.getRow(first + 1 + i).values = [
      vnTime.format(new Date(e.at)),
      eventName(e.type, 'vi'),
      e.type,
      e.actor_name,
      e.actor_user_id ?? '',
      e.unit_code ?? '',
      e.dossier_id ?? '',
      eventSummary(e, 'vi', names),
    ];
  });
  [20, 28, 20, 20, 12, 12, 10, 80].forEach((w, i) => {
    sheet.getColumn(i + 1).width = w;
  });
  sheet.views = [{ state: 'frozen', ySplit: first }];
  return toBuffer(wb);
}
