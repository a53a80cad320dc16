/**
 * The monthly summary (báo cáo tháng) of a unit's subtree for the leaders who subscribe: where
 * each framework stands (units by status, from the stored results, as the leader's home page
 * shows them), what changed in the month (figures changed per unit, dossiers that moved), and the
 * change in units meeting each framework since last month's summary. Kept as an .xlsx per
 * subscription and month; making it again for the same month is a no-op.
 */
import { type Actor, requireRead } from '../access/index.ts';
import { loadGrants } from '../accounts/grants.ts';
import type { Db } from '../db/database.ts';
import { type DossierState, stateLabels } from '../dossiers/states.ts';
import { AppError } from '../errors.ts';
import { newWorkbook, styleHeaderRow, toBuffer, writeHeaderBlock } from '../excel/workbook.ts';
import { areaOverview } from '../home/area-work.ts';
import { unitOnDate } from '../home/periods.ts';
import { createNotices } from '../notifications/store.ts';
import { text, viDate } from '../text.ts';

export interface FrameworkSummary {
  id: string;
  name: string;
  period: string;
  total: number;
  met: number;
  basically_met: number;
  not_met: number;
  no_data: number;
  /** Units meeting every indicator that has a threshold (the headline while thresholds are missing). */
  meet_thresholds: number;
  /** Indicators without a threshold in the legal texts held (never guessed). */
  thresholds_missing: number;
  /** The headline: units meeting it (all thresholds known) or meeting every known threshold. */
  headline: number;
  /** The headline now minus last month's summary (null: no summary last month). */
  met_change: number | null;
}

export interface MonthlySummary {
  unit: { code: string; name: string };
  month: string;
  frameworks: FrameworkSummary[];
  figures_changed: Array<{ unit_code: string; unit_name: string; changes: number }>;
  dossier_moves: Array<{
    dossier_id: number;
    unit_name: string;
    from: string | null;
    to: string;
    at: string;
  }>;
}

/** "2026-11" → the month's first day and the next month's first day. */
function monthRange(month: string): [string, string] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return [`${month}-01`, `${next}-01`];
}

/** The month before `today`'s month ("2026-12-06" → "2026-11"): the month a summary covers. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

const subtreeSql = `WITH RECURSIVE sub AS (
    SELECT code, name FROM units WHERE code = $1
    UNION SELECT u.code, u.name FROM units u JOIN sub ON u.parent_code = sub.code)`;

/** Builds the summary of `unitCode`'s subtree for `month` as `actor` may read it. */
export async function buildMonthlySummary(
  db: Db,
  opts: { actor: Actor; unitCode: string; month: string; previous: MonthlySummary | null },
): Promise<MonthlySummary> {
  const [from, to] = monthRange(opts.month);
  const lastDay = new Date(Date.parse(`${to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const unit = await unitOnDate(db, opts.unitCode, lastDay);
  if (!unit) throw new AppError('UNIT_NOT_FOUND', text(`Không có đơn vị ${opts.unitCode}`, 'unknown unit'));
  await requireRead(db, opts.actor, { unitCode: unit.code, date: lastDay });
  const area = await areaOverview(db, opts.actor, { unitCode: unit.code, today: lastDay });
  const before = new Map((opts.previous?.frameworks ?? []).map((f) => [`${f.id}|${f.period}`, f.headline]));
  const frameworks = (area?.frameworks ?? []).map((f) => {
    const headline = f.thresholds.thresholds_missing > 0 ? f.thresholds.meet_thresholds : f.counts.met;
    const previous = before.get(`${f.id}|${f.period}`);
    return {
      id: f.id,
      name: f.name,
      period: f.period,
      total: f.counts.total,
      met: f.counts.met,
      basically_met: f.counts.basically_met,
      not_met: f.counts.not_met,
      no_data: f.counts.no_data,
      meet_thresholds: f.thresholds.meet_thresholds,
      thresholds_missing: f.thresholds.thresholds_missing,
      headline,
      met_change: previous === undefined ? null : headline - previous,
    };
  });
  const figures = await db.query<{ unit_code: string; unit_name: string; changes: number }>(
    `${subtreeSql}
     SELECT h.unit_code, min(sub.name) AS unit_name, count(*)::int AS changes
       FROM value_changes h JOIN sub ON sub.code = h.unit_code
      WHERE h.changed_at >= $2::date AND h.changed_at < $3::date
      GROUP BY h.unit_code ORDER BY changes DESC, h.unit_code LIMIT 200`,
    [unit.code, from, to],
  );
  const moves = await db.query<{
    dossier_id: number;
    unit_name: string;
    from_state: string | null;
    to_state: string;
    at: string;
  }>(
    `${subtreeSql}
     SELECT t.dossier_id, min(sub.name) AS unit_name, t.from_state, t.to_state, to_char(t.at, 'YYYY-MM-DD') AS at
       FROM dossier_transitions t JOIN dossiers d ON d.id = t.dossier_id JOIN sub ON sub.code = d.unit_code
      WHERE t.at >= $2::date AND t.at < $3::date
      GROUP BY t.id, t.dossier_id, t.from_state, t.to_state, t.at ORDER BY t.at, t.id`,
    [unit.code, from, to],
  );
  const label = (s: string | null) => (s ? (stateLabels[s as DossierState]?.[0] ?? s) : null);
  return {
    unit: { code: unit.code, name: unit.name },
    month: opts.month,
    frameworks,
    figures_changed: figures,
    dossier_moves: moves.map((m) => ({
      dossier_id: m.dossier_id,
      unit_name: m.unit_name,
      from: label(m.from_state),
      to: label(m.to_state) as string,
      at: m.at,
    })),
  };
}

const monthLabel = (month: string) => `tháng ${Number(month.slice(5))}/${month.slice(0, 4)}`;

/** The summary as an .xlsx workbook (Vietnamese, numbers as numbers). */
export async function monthlyWorkbook(s: MonthlySummary): Promise<Buffer> {
  const wb = newWorkbook('Báo cáo tháng');
  const sheet = wb.addWorksheet('Tóm tắt');
  let r = writeHeaderBlock(
    sheet,
    `BÁO CÁO TÌNH HÌNH THỰC HIỆN TIÊU CHÍ ${monthLabel(s.month).toUpperCase()}`,
    [
      ['Địa bàn', s.unit.name],
      ['Tháng', monthLabel(s.month)],
    ],
  );
  const head = sheet.getRow(r++);
  head.values = [
    'Bộ tiêu chí',
    'Kỳ đánh giá',
    'Tổng số đơn vị',
    'Đạt',
    'Cơ bản đạt',
    'Chưa đạt',
    'Chưa có số liệu',
    'Đạt mọi chỉ tiêu đã có ngưỡng',
    'Chỉ tiêu chưa có ngưỡng',
    'Tăng/giảm so với tháng trước',
  ];
  styleHeaderRow(head);
  for (const f of s.frameworks)
    sheet.getRow(r++).values = [
      f.name,
      f.period,
      f.total,
      f.met,
      f.basically_met,
      f.not_met,
      f.no_data,
      f.meet_thresholds,
      f.thresholds_missing,
      f.met_change ?? 'chưa có báo cáo tháng trước',
    ];
  sheet.columns.forEach((c, i) => {
    c.width = i === 0 ? 48 : 16;
  });
  const figures = wb.addWorksheet('Số liệu thay đổi');
  styleHeaderRow(figures.addRow(['Mã đơn vị', 'Đơn vị', 'Số lần cập nhật số liệu trong tháng']));
  for (const f of s.figures_changed) figures.addRow([f.unit_code, f.unit_name, f.changes]);
  figures.columns.forEach((c, i) => {
    c.width = i === 1 ? 36 : 18;
  });
  const dossiers = wb.addWorksheet('Hồ sơ');
  styleHeaderRow(dossiers.addRow(['Hồ sơ số', 'Đơn vị', 'Từ trạng thái', 'Sang trạng thái', 'Ngày']));
  for (const m of s.dossier_moves)
    dossiers.addRow([m.dossier_id, m.unit_name, m.from ?? '', m.to, viDate(m.at)]);
  dossiers.columns.forEach((c, i) => {
    c.width = i === 1 ? 36 : 20;
  });
  return toBuffer(wb);
}

/** The text of the notice (and e-mail) that carries the summary. */
export function monthlyText(s: MonthlySummary): { title: string; body: string } {
  const lines = s.frameworks.map((f) => {
    const change =
      f.met_change === null
        ? ''
        : f.met_change === 0
          ? ', không đổi so với tháng trước'
          : `, ${f.met_change > 0 ? 'tăng' : 'giảm'} ${Math.abs(f.met_change)} so với tháng trước`;
    const headline =
      f.thresholds_missing > 0
        ? `${f.meet_thresholds}/${f.total} đơn vị đạt mọi chỉ tiêu đã có ngưỡng (còn ${f.thresholds_missing} chỉ tiêu chưa có ngưỡng)`
        : `${f.met}/${f.total} đơn vị đạt`;
    return `- ${f.name} (kỳ ${f.period}): ${headline}${change}`;
  });
  const changed = s.figures_changed.reduce((n, f) => n + f.changes, 0);
  return {
    title: `Báo cáo ${monthLabel(s.month)}: ${s.unit.name}`,
    body: [
      ...lines,
      `- Số liệu cập nhật trong tháng: ${changed} lần ở ${s.figures_changed.length} đơn vị`,
      `- Hồ sơ chuyển bước trong tháng: ${s.dossier_moves.length}`,
    ].join('\n'),
  };
}

export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Makes `month`'s summary for every subscription that has none yet, stores it and notifies the
 * subscriber; returns the ids of the notices created (a second run creates none).
 */
export async function sendMonthlyReports(db: Db, opts: { month: string }): Promise<number[]> {
  const subs = await db.query<{ id: number; user_id: number; username: string; unit_code: string }>(
    `SELECT s.id, s.user_id, u.username, s.unit_code FROM report_subscriptions s JOIN users u ON u.id = s.user_id
      WHERE u.active AND NOT EXISTS (SELECT 1 FROM report_files f WHERE f.subscription_id = s.id AND f.month = $1)
      ORDER BY s.id`,
    [opts.month],
  );
  const grants = await loadGrants(
    db,
    subs.map((s) => s.user_id),
  );
  const created: number[] = [];
  for (const sub of subs) {
    const actor: Actor = {
      userId: sub.user_id,
      username: sub.username,
      grants: grants.get(sub.user_id) ?? [],
    };
    const [prev] = await db.query<{ summary: MonthlySummary }>(
      'SELECT summary FROM report_files WHERE subscription_id = $1 AND month = $2',
      [sub.id, previousMonth(opts.month)],
    );
    let summary: MonthlySummary;
    try {
      summary = await buildMonthlySummary(db, {
        actor,
        unitCode: sub.unit_code,
        month: opts.month,
        previous: prev?.summary ?? null,
      });
    } catch (err) {
      // The subscriber lost access to the unit (or it no longer exists): nothing to send.
      if (err instanceof AppError) continue;
      throw err;
    }
    const file = await monthlyWorkbook(summary);
    const fileName = `bao-cao-thang-${opts.month}-${sub.unit_code}.xlsx`;
    const ids = await db.transaction(async (tx) => {
      const [row] = await tx.query<{ id: string }>(
        `INSERT INTO report_files (subscription_id, month, file_name, content, summary) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (subscription_id, month) DO NOTHING RETURNING id`,
        [sub.id, opts.month, fileName, file, JSON.stringify(summary)],
      );
      if (!row) return [];
      const { title, body } = monthlyText(summary);
      return createNotices(tx, [
        {
          userId: sub.user_id,
          kind: 'monthly_report',
          title,
          body,
          link: null,
          reportId: Number(row.id),
          dedupeKey: `monthly:${sub.id}:${opts.month}`,
        },
      ]);
    });
    created.push(...ids);
  }
  return created;
}
