/**
 * The audit trail in words: each event type's name and its data as a readable line ("Vai trò:
 * Cán bộ xã · Tài khoản: demo.xa"), in Vietnamese or English. Used by GET /api/audit and the
 * .xlsx export (Vietnamese), so officials never read raw keys such as `login.succeeded`.
 */
import { type Role, roleNames } from '../access/policy.ts';
import type { Db } from '../db/database.ts';
import { type DossierState, stateLabels } from '../dossiers/states.ts';
import { periodLabel } from '../engine/periods.ts';
import { latestFrameworks } from '../frameworks/store.ts';
import type { Lang } from '../text.ts';
import { eventNames } from './event-names.ts';
import { isAuditEventType } from './payloads.ts';

export { eventNames };

/** The event type's name in `lang` (the type itself when unknown). */
export function eventName(type: string, lang: Lang): string {
  const n = isAuditEventType(type) ? eventNames[type] : undefined;
  return n ? n[lang === 'en' ? 1 : 0] : type;
}

/** Words for the keys of event data; keys not listed here (ids, technical fields) are not shown. */
const keyNames: Record<string, [string, string]> = {
  username: ['Tài khoản', 'Account'],
  display_name: ['Họ tên', 'Name'],
  role: ['Vai trò', 'Role'],
  framework_id: ['Bộ tiêu chí', 'Framework'],
  version: ['Phiên bản', 'Version'],
  criteria: ['Tiêu chí', 'Criteria'],
  criterion: ['Tiêu chí', 'Criterion'],
  criterion_no: ['Tiêu chí', 'Criterion'],
  measure: ['Chỉ tiêu', 'Indicator'],
  indicator: ['Chỉ tiêu', 'Indicator'],
  period: ['Kỳ', 'Period'],
  year: ['Năm', 'Year'],
  round: ['Đợt', 'Round'],
  value: ['Giá trị', 'Value'],
  previous: ['Trước đó', 'Before'],
  target: ['Chỉ tiêu giao', 'Target'],
  holder: ['Đơn vị được giao', 'Holder'],
  file: ['Tệp', 'File'],
  rows: ['Số dòng', 'Rows'],
  changed: ['Thay đổi', 'Changed'],
  added: ['Thêm', 'Added'],
  removed: ['Bỏ', 'Removed'],
  from: ['Từ', 'From'],
  to: ['Sang', 'To'],
  state: ['Trạng thái', 'State'],
  note: ['Ghi chú', 'Note'],
  reason: ['Lý do', 'Reason'],
  until: ['Đến', 'Until'],
  address: ['Địa chỉ IP', 'IP address'],
  title: ['Tiêu đề', 'Title'],
  questions: ['Số câu hỏi', 'Questions'],
  vote: ['Biểu quyết', 'Vote'],
  verdict: ['Kết luận', 'Verdict'],
  claim: ['Tự đánh giá', 'Claim'],
  outcome: ['Kết quả', 'Outcome'],
  count: ['Số lượng', 'Count'],
  name: ['Tên', 'Name'],
  code: ['Mã', 'Code'],
  village: ['Thôn', 'Village'],
  deadline: ['Hạn', 'Deadline'],
  step: ['Bước', 'Step'],
  kind: ['Loại cảnh báo', 'Warning'],
  entered_at: ['Nhập lúc', 'Typed at'],
  recognition: ['Danh hiệu', 'Title'],
  decision_no: ['Số quyết định', 'Decision no.'],
  reopened_below: ['Do cấp dưới mở lại', 'Reopened below'],
  lat: ['Vĩ độ', 'Latitude'],
  lng: ['Kinh độ', 'Longitude'],
};

/** Words for coded values (reasons, outcomes, votes, sources); dossier states read as in the workflow. */
const valueNames: Record<string, [string, string]> = {
  unknown_user: ['không có tài khoản', 'unknown account'],
  wrong_password: ['sai mật khẩu', 'wrong password'],
  locked: ['đang tạm khóa', 'locked'],
  inactive: ['tài khoản đã khóa', 'account disabled'],
  created: ['nhập mới', 'created'],
  new_version: ['phiên bản mới', 'new version'],
  met: ['đạt', 'met'],
  not_met: ['chưa đạt', 'not met'],
  pass: ['đạt', 'pass'],
  fail: ['không đạt', 'fail'],
  conditional: ['đạt có điều kiện', 'conditional'],
  for: ['tán thành', 'for'],
  against: ['không tán thành', 'against'],
  abstain: ['không biểu quyết', 'abstain'],
  manual: ['nhập tay', 'manual'],
  import: ['nhập tệp', 'import'],
  survey: ['khảo sát', 'survey'],
  demo: ['minh họa', 'demo'],
  manager: ['người quản lý', 'manager'],
  head: ['thủ trưởng', 'head'],
  ntm: ['đạt chuẩn nông thôn mới', 'New Rural standard'],
  ntm_nang_cao: ['đạt chuẩn nông thôn mới nâng cao', 'advanced New Rural standard'],
  ntm_kieu_mau: ['đạt chuẩn nông thôn mới kiểu mẫu', 'model New Rural standard'],
  hoan_thanh_nhiem_vu: ['hoàn thành nhiệm vụ xây dựng nông thôn mới', 'New Rural task completed'],
};

/** Names the audit lines need: indicator codes of measures (2.1 instead of `commune_road_paved_pct`). */
export interface AuditNames {
  measures: Map<string, string>;
}

/** Indicator codes of every measure in the latest framework versions ("2.1", or "2.1, 2.3"). */
export async function loadAuditNames(db: Db): Promise<AuditNames> {
  const measures = new Map<string, Set<string>>();
  for (const fw of await latestFrameworks(db))
    for (const ind of [...fw.def.criteria.flatMap((c) => c.indicators), ...fw.def.conditions]) {
      const ids = ind.measure ? [ind.measure] : (ind.parts ?? []).map((p) => p.measure);
      for (const m of ids) {
        const set = measures.get(m) ?? new Set<string>();
        set.add(ind.code);
        measures.set(m, set);
      }
    }
  return { measures: new Map([...measures].map(([m, codes]) => [m, [...codes].join(', ')])) };
}

function figure(v: unknown, lang: Lang): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object') return String(v);
  const o = v as { num?: number | null; txt?: string | null; na?: boolean };
  if (o.na) return lang === 'en' ? 'not applicable' : 'không áp dụng';
  if (typeof o.num === 'number') return o.num.toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN');
  return o.txt ?? null;
}

function valueText(key: string, v: unknown, lang: Lang, names: AuditNames): string | null {
  const i = lang === 'en' ? 1 : 0;
  if (v === null || v === undefined || v === '') return null;
  if (key === 'role' && typeof v === 'string') return roleNames[v as Role]?.[i] ?? v;
  if ((key === 'period' || key === 'round') && typeof v === 'string') return periodLabel(v, lang);
  if (key === 'measure' && typeof v === 'string') return names.measures.get(v) ?? v;
  if (key === 'value' || key === 'previous') return figure(v, lang);
  if ((key === 'lat' || key === 'lng') && typeof v === 'number')
    return v.toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 6 });
  if (typeof v === 'boolean') return v ? (lang === 'en' ? 'yes' : 'có') : lang === 'en' ? 'no' : 'không';
  if (typeof v === 'number') return v.toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN');
  if (Array.isArray(v)) {
    const parts = v.map((x) => valueText(key, x, lang, names)).filter((x): x is string => x !== null);
    return parts.length ? parts.join(', ') : null;
  }
  if (typeof v === 'string') return (stateLabels[v as DossierState] ?? valueNames[v])?.[i] ?? v;
  return null;
}

/** The event's data as one line in `lang`: "Vai trò: Cán bộ xã · Tài khoản: demo.xa". */
export function eventSummary(
  e: { data: Readonly<Record<string, unknown>> },
  lang: Lang,
  names: AuditNames,
): string {
  const i = lang === 'en' ? 1 : 0;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(e.data ?? {})) {
    const label = keyNames[k];
    if (!label) continue;
    const shown = valueText(k, v, lang, names);
    if (shown !== null) parts.push(`${label[i]}: ${shown}`);
  }
  return parts.join(' · ');
}
