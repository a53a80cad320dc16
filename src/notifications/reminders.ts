/**
 * Deadline reminders (nhắc hạn), built for each account from the same reads as its "Việc của
 * tôi" page, so a reminder goes to whoever may act and says what the page says:
 * - commune officer: rework deadlines of his dossiers (due within `soonDays`, then overdue) and
 *   his unit's target reports not sent after their due date;
 * - coordination office: the target reports that became late this month, one notice per period;
 * - department reviewer: dossiers waiting for his rulings; council member: dossiers waiting for
 *   his vote (no council meeting date is recorded, so the wait itself is the reminder);
 * - whoever manages a survey campaign: the campaign closes within `soonDays`;
 * - civil servant: a month still waiting for his self-assessment.
 * Each notice has a key naming its subject and deadline: a scan repeated, or run again after a
 * restart, creates nothing new (src/notifications/store.ts).
 */
import { type Actor, ALL_UNITS, can } from '../access/index.ts';
import { loadGrants } from '../accounts/grants.ts';
import type { Db } from '../db/database.ts';
import { periodLabel } from '../engine/periods.ts';
import { communeDossiers, rulingsWaiting, votesWaiting } from '../home/dossier-work.ts';
import { unitOnDate } from '../home/periods.ts';
import { ownStaffMonth } from '../home/staff-work.ts';
import { type ReportDue, reportsDue } from '../home/targets-work.ts';
import { viDate } from '../text.ts';
import { createNotices, type NewNotice } from './store.ts';

const dayMs = 86_400_000;
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);

/** The accounts that may receive reminders: active, with their grants. */
async function activeActors(db: Db): Promise<Actor[]> {
  const users = await db.query<{ id: number; username: string }>(
    'SELECT id, username FROM users WHERE active ORDER BY id',
  );
  const grants = await loadGrants(
    db,
    users.map((u) => u.id),
  );
  return users.map((u) => ({ userId: u.id, username: u.username, grants: grants.get(u.id) ?? [] }));
}

/**
 * A report still missing whose due date passed within the last month: the reminder goes out when
 * the deadline passes; older ones stay listed on "Việc của tôi" without a new notice each.
 */
const isNewlyLate = (r: ReportDue) => r.state === 'missing' && r.days_late <= 31;

function reportNotice(userId: number, r: ReportDue): NewNotice {
  return {
    userId,
    kind: 'report_missing',
    title: `Quá hạn báo cáo chỉ tiêu: ${r.indicator_name}`,
    body: `${r.holder_name} chưa báo cáo "${r.indicator_name}" kỳ ${periodLabel(r.period).toLowerCase()} (hạn ${viDate(r.due)}, quá ${r.days_late} ngày).`,
    link: `/chi-tieu/${r.year}`,
    dedupeKey: `report:${r.year}:${r.holder}:${r.indicator}:${r.period}`,
  };
}

async function communeReminders(db: Db, actor: Actor, today: string, soonDays: number): Promise<NewNotice[]> {
  const userId = actor.userId as number;
  const out: NewNotice[] = [];
  const seen = new Set<string>();
  for (const g of actor.grants.filter((x) => x.role === 'commune_officer' && x.unitCode !== ALL_UNITS)) {
    const unit = await unitOnDate(db, g.unitCode, today);
    if (!unit || seen.has(unit.code)) continue;
    seen.add(unit.code);
    for (const d of await communeDossiers(db, actor, unit.code, today)) {
      if (!d.mine || !d.deadline) continue;
      const left = daysBetween(today, d.deadline);
      if (left > soonDays) continue;
      const phase = left < 0 ? 'overdue' : 'soon';
      out.push({
        userId,
        kind: 'dossier_deadline',
        title:
          phase === 'overdue'
            ? `Quá hạn bổ sung hồ sơ ${d.unit_name ?? d.unit_code}`
            : `Sắp đến hạn bổ sung hồ sơ ${d.unit_name ?? d.unit_code}`,
        body:
          phase === 'overdue'
            ? `Hồ sơ ${d.framework_name} (kỳ ${d.round}) đã quá hạn bổ sung ${-left} ngày (hạn ${viDate(d.deadline)}).`
            : `Hồ sơ ${d.framework_name} (kỳ ${d.round}) cần bổ sung trước ngày ${viDate(d.deadline)} (còn ${left} ngày).`,
        link: `/ho-so/${d.id}`,
        dedupeKey: `dossier:${d.id}:${d.deadline}:${phase}`,
      });
    }
    for (const r of await reportsDue(db, actor, { today, holder: unit.code }))
      if (isNewlyLate(r)) out.push(reportNotice(userId, r));
  }
  return out;
}

async function officeReminders(db: Db, actor: Actor, today: string): Promise<NewNotice[]> {
  const missing = (await reportsDue(db, actor, { today })).filter(isNewlyLate);
  const byPeriod = new Map<string, ReportDue[]>();
  for (const r of missing) {
    const key = `${r.year}:${r.period}`;
    byPeriod.set(key, [...(byPeriod.get(key) ?? []), r]);
  }
  return [...byPeriod.entries()].map(([key, list]) => ({
    userId: actor.userId as number,
    kind: 'report_missing' as const,
    title: `${list.length} báo cáo chỉ tiêu kỳ ${periodLabel(list[0]!.period).toLowerCase()} chưa nộp`,
    body: `Quá hạn chưa báo cáo: ${[...new Set(list.map((r) => r.holder_name))].slice(0, 10).join(', ')}${list.length > 10 ? '…' : ''}.`,
    link: `/chi-tieu/${list[0]!.year}`,
    dedupeKey: `reports-missing:${key}`,
  }));
}

async function dossierTaskReminders(db: Db, actor: Actor, today: string): Promise<NewNotice[]> {
  const userId = actor.userId as number;
  const roles = new Set(actor.grants.map((g) => g.role));
  const out: NewNotice[] = [];
  if (roles.has('department_reviewer'))
    for (const d of await rulingsWaiting(db, actor, today))
      out.push({
        userId,
        kind: 'dossier_ruling',
        title: `Hồ sơ ${d.unit_name ?? d.unit_code} chờ kết luận thẩm định`,
        body: `Hồ sơ ${d.framework_name} (kỳ ${d.round}) chờ kết luận của sở về tiêu chí ${(d.my_criteria ?? []).join(', ')}.`,
        link: `/ho-so/${d.id}`,
        dedupeKey: `ruling:${d.id}:${d.since}`,
      });
  if (roles.has('council_member'))
    for (const d of await votesWaiting(db, actor, today))
      out.push({
        userId,
        kind: 'dossier_vote',
        title: `Hồ sơ ${d.unit_name ?? d.unit_code} chờ hội đồng biểu quyết`,
        body: `Hồ sơ ${d.framework_name} (kỳ ${d.round}) đã thẩm định xong và chờ biểu quyết của đồng chí.`,
        link: `/ho-so/${d.id}`,
        dedupeKey: `vote:${d.id}:${d.since}`,
      });
  return out;
}

async function surveyReminders(db: Db, actor: Actor, now: Date, soonDays: number): Promise<NewNotice[]> {
  if (!actor.grants.some((g) => g.role === 'commune_officer' || g.role === 'coordination_office')) return [];
  const rows = await db.query<{ id: number; unit_code: string; title: string; closes_at: Date | string }>(
    `SELECT id, unit_code, title, closes_at FROM survey_campaigns
      WHERE closes_at > $1 AND closes_at <= $2 AND opens_at <= $1 ORDER BY closes_at`,
    [now.toISOString(), new Date(now.getTime() + soonDays * dayMs).toISOString()],
  );
  const out: NewNotice[] = [];
  for (const r of rows) {
    if (!(await can(db, actor, 'survey.manage', { unitCode: r.unit_code }))) continue;
    const closes = new Date(r.closes_at);
    out.push({
      userId: actor.userId as number,
      kind: 'survey_closing',
      title: `Đợt khảo sát sắp kết thúc: ${r.title}`,
      body: `Đợt lấy ý kiến "${r.title}" kết thúc lúc ${vietnamTime(closes)}. Kiểm tra số hộ đã trả lời trước khi đóng.`,
      link: `/khao-sat-y-kien/${r.id}`,
      dedupeKey: `survey:${r.id}:${closes.toISOString()}`,
    });
  }
  return out;
}

const vietnamClock = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hourCycle: 'h23',
});

/** "09:14 18/11/2023", Vietnam time. */
export function vietnamTime(d: Date): string {
  const p = Object.fromEntries(vietnamClock.formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
}

async function staffReminders(db: Db, actor: Actor, today: string): Promise<NewNotice[]> {
  const month = await ownStaffMonth(db, actor, today).catch(() => null);
  if (!month) return [];
  const due = month.to_self_assess ?? (month.state === 'draft' && month.mine ? month.period : null);
  if (!due) return [];
  return [
    {
      userId: actor.userId as number,
      kind: 'staff_self_assessment',
      title: `Chưa tự đánh giá ${periodLabel(due).toLowerCase()}`,
      body: `${month.person.full_name} chưa gửi tự đánh giá, chấm điểm ${periodLabel(due).toLowerCase()} theo Nghị định 335/2025/NĐ-CP.`,
      link: '/danh-gia-can-bo',
      dedupeKey: `staff:${month.person.id}:${due}`,
    },
  ];
}

/**
 * Creates the reminders due on `today` (Vietnam date) for every active account; returns the ids
 * of the notices created now (none when everything was already reminded).
 */
export async function scanReminders(
  db: Db,
  opts: { today: string; now: Date; soonDays?: number },
): Promise<number[]> {
  const soonDays = opts.soonDays ?? 3;
  const created: number[] = [];
  for (const actor of await activeActors(db)) {
    const roles = new Set(actor.grants.map((g) => g.role));
    const notices = [
      ...(await communeReminders(db, actor, opts.today, soonDays)),
      ...(roles.has('coordination_office') ? await officeReminders(db, actor, opts.today) : []),
      ...(await dossierTaskReminders(db, actor, opts.today)),
      ...(await surveyReminders(db, actor, opts.now, soonDays)),
      ...(await staffReminders(db, actor, opts.today)),
    ];
    created.push(...(await createNotices(db, notices)));
  }
  return created;
}
