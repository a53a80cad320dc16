import type { Db } from '../db/database.ts';
import { newWorkbook, styleHeaderRow, toBuffer, viToday, writeHeaderBlock } from '../excel/workbook.ts';
import type { AuditEventData } from './events.ts';
import { type AuditFilter, listEvents } from './list.ts';

/** At most this many events go into one .xlsx file (newest first). */
export const EXPORT_LIMIT = 100_000;

/** How each event type reads in Vietnamese. */
export const eventLabels: Record<keyof AuditEventData, string> = {
  'value.changed': 'Sửa số liệu',
  'values.imported': 'Nhập tệp số liệu',
  'units.imported': 'Nhập danh mục đơn vị',
  'framework.imported': 'Nhập bộ tiêu chí',
  'framework.drafted': 'Tải lên bản nháp bộ tiêu chí',
  'framework.published': 'Ban hành bộ tiêu chí',
  'framework.draft_corrected': 'Sửa ngưỡng bản nháp bộ tiêu chí',
  'user.created': 'Tạo tài khoản',
  'user.deactivated': 'Khóa tài khoản',
  'user.password_set': 'Đặt mật khẩu',
  'user.locked': 'Tạm khóa do đăng nhập sai',
  'user.unlocked': 'Gỡ khóa tạm thời',
  'user.activated': 'Mở lại tài khoản',
  'role.granted': 'Cấp quyền',
  'role.revoked': 'Thu hồi quyền',
  'login.succeeded': 'Đăng nhập',
  'login.failed': 'Đăng nhập không thành công',
};

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
      eventLabels[e.type as keyof AuditEventData] ?? e.type,
      e.type,
      e.actor_name,
      e.actor_user_id ?? '',
      e.unit_code ?? '',
      e.dossier_id ?? '',
      JSON.stringify(e.data),
    ];
  });
  [20, 28, 20, 20, 12, 12, 10, 80].forEach((w, i) => {
    sheet.getColumn(i + 1).width = w;
  });
  sheet.views = [{ state: 'frozen', ySplit: first }];
  return toBuffer(wb);
}
