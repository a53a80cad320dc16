import { formatScalar } from '../engine/rules.ts';
import { AppError, type InputIssue } from '../errors.ts';
import { text } from '../text.ts';
import { type CheckedValue, type CurrentFigure, figureKey } from './write.ts';

const vietnamTime = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

/** "09:14 18/11/2023" in Vietnam's time. */
function shownTime(iso: string): string {
  const p = Object.fromEntries(vietnamTime.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}

/** The same instant in one spelling (the API gives times to the millisecond). */
const sameInstant = (a: string, b: string) => new Date(a).getTime() === new Date(b).getTime();

/**
 * Refuses figures typed from an older state than the server's (offline edits, two people on one
 * figure): when a figure carries `basedOn` (the `changed_at` its author saw, null for "none yet")
 * and the stored figure has changed since to another value, nothing is written and the answer is
 * 409 VALUE_CONFLICT naming each figure, the value on the server, who changed it and when. A
 * figure changed meanwhile to the very value sent is no conflict. `current`: the stored figures
 * by figureKey, read and row-locked in the write's transaction (readBeforeWrite).
 */
export function refuseConflicts(values: CheckedValue[], current: Map<string, CurrentFigure>): void {
  const checked = values.filter((v) => v.basedOn !== undefined);
  if (checked.length === 0) return;
  const issues: InputIssue[] = [];
  for (const v of checked) {
    const cur = current.get(figureKey(v.unitCode, v.measureId, v.period));
    if (!cur) continue;
    if (v.basedOn && sameInstant(v.basedOn, cur.changed_at)) continue;
    if (cur.num === v.cell.num && cur.txt === v.cell.txt && cur.na === v.cell.na) continue;
    const shown = cur.na ? 'không áp dụng' : formatScalar(cur.num ?? cur.txt ?? '');
    const seen = v.basedOn ? shownTime(v.basedOn) : null;
    issues.push({
      field: `${v.unitCode}/${v.measureId}/${v.period}`,
      value: shown,
      message: text(
        `${cur.actor} đã sửa thành ${shown} lúc ${shownTime(cur.changed_at)}` +
          (seen ? ` (bạn sửa từ số liệu lúc ${seen})` : ' (khi bạn nhập, số liệu này chưa có)'),
        `${cur.actor} changed it to ${shown} at ${shownTime(cur.changed_at)}` +
          (seen ? ` (you edited the figure of ${seen})` : ' (there was none when you typed yours)'),
      ),
    });
  }
  if (issues.length > 0)
    throw new AppError(
      'VALUE_CONFLICT',
      text(
        `${issues.length} số liệu đã được người khác thay đổi trong khi bạn sửa; không có gì được lưu. Hãy chọn giữ số nào.`,
        `${issues.length} figures were changed by someone else meanwhile; nothing was saved. Choose which to keep.`,
      ),
      issues,
    );
}
