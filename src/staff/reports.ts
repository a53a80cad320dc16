/** Read-only summaries: a person's roll-up of approved months, a unit's band distribution. */
import { type Actor, isSystemAdmin } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { parsePeriod, requirePeriod } from '../engine/periods.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import { relations, requireStaffAbility } from './access.ts';
import { requireStaffFrame } from './frame.ts';
import { getPerson, peopleUnder } from './org.ts';
import { frameFor } from './periods.ts';
import { applyQuota, rollUp } from './score.ts';

/**
 * Months of a quarter or year rolled up from approved monthly results, for everyone in the
 * person's node; the quota is applied again to the rolled-up results of the group.
 */
export async function readStaffRollUp(db: Db, opts: { actor: Actor; personId: number; period: string }) {
  const { actor, personId } = opts;
  const period = requirePeriod(opts.period);
  await requireStaffAbility(db, actor, 'staff.read', [personId]);
  const person = await getPerson(db, personId);
  const people = (await peopleUnder(db, person.org_unit)).filter((p) => p.org_unit === person.org_unit);
  const rows = await db.query<{
    person_id: number;
    period: string;
    total: number | null;
    band: string | null;
    disqualifying: string[];
  }>(
    `SELECT person_id, period, total::float8 AS total, band, disqualifying FROM staff_evaluations
      WHERE person_id = ANY($1::int[]) AND state = 'approved' AND period ~ '^[0-9]{4}-[0-9]{2}$'
        AND (period || '-01') BETWEEN $2 AND $3 ORDER BY period`,
    [people.map((p) => p.id), period.start, period.end],
  );
  const frame = await frameFor(db, period);
  const rolled = people.map((p) => ({
    person: p,
    r: rollUp(
      frame,
      rows
        .filter((x) => x.person_id === p.id)
        .map((x) => ({
          period: x.period,
          total: x.total,
          band: x.band,
          disqualified: x.disqualifying.length > 0,
        })),
    ),
  }));
  const quota = applyQuota(
    frame,
    rolled.map(({ person: p, r }) => ({
      personId: p.id,
      name: p.full_name,
      group: frame.quota?.scope === 'unit_task_group' ? `${p.org_unit}/${p.task_group}` : p.org_unit,
      total: r.total,
      band: r.band,
      resultsPoints: null,
      deductions: 0,
    })),
  );
  const mine = rolled.find((x) => x.person.id === personId)!;
  const q = quota.get(personId)!;
  return {
    period: period.code,
    total: mine.r.total,
    band: q.band,
    score_band: mine.r.band,
    text: mine.r.text,
    quota_reason: q.reason,
  };
}

/**
 * Band distribution of approved results per period in a unit's subtree, and a flag when nearly
 * everyone sits in the two top bands. The flag's threshold is the system's warning level, not a legal rule.
 */
export const topBandsWarningPct = 90;

export async function readBandDistribution(
  db: Db,
  opts: { actor: Actor; unit: string; from: string; to: string },
) {
  const { actor, unit } = opts;
  const [from, to] = [requirePeriod(opts.from), requirePeriod(opts.to)];
  const people = await peopleUnder(db, unit);
  const rels = await relations(
    db,
    actor,
    people.map((p) => p.id),
  );
  if (!isSystemAdmin(actor) && !people.some((p) => rels.get(p.id)!.head))
    throw new AppError(
      'FORBIDDEN',
      text(
        `Tài khoản ${actor.username} không xem được xếp loại của đơn vị ${unit}`,
        `${actor.username} may not read the ratings of ${unit}`,
      ),
    );
  const rows = await db.query<{ period: string; frame_id: string; band: string; n: number }>(
    `SELECT period, frame_id, band, count(*)::int AS n FROM staff_evaluations
      WHERE state = 'approved' AND person_id = ANY($1::int[])
      GROUP BY period, frame_id, band ORDER BY period`,
    [people.map((p) => p.id)],
  );
  type Row = {
    period: string;
    frame_id: string;
    counts: Record<string, number>;
    total: number;
    top_share: number;
    flagged: boolean;
  };
  const periods = new Map<string, Row>();
  for (const r of rows) {
    const start = parsePeriod(r.period)?.start;
    if (!start || start < from.start || start > to.end) continue;
    const p = periods.get(r.period) ?? {
      period: r.period,
      frame_id: r.frame_id,
      counts: {},
      total: 0,
      top_share: 0,
      flagged: false,
    };
    p.counts[r.band] = r.n;
    p.total += r.n;
    periods.set(r.period, p);
  }
  for (const p of periods.values()) {
    const frame = requireStaffFrame(p.frame_id);
    const top2 = frame.bands.slice(0, 2).map((b) => b.code);
    const n = top2.reduce((s, b) => s + (p.counts[b] ?? 0), 0);
    p.top_share = p.total ? Math.round((n / p.total) * 1000) / 10 : 0;
    p.flagged = p.total > 0 && p.top_share >= topBandsWarningPct;
  }
  return { unit, warning_pct: topBandsWarningPct, periods: [...periods.values()] };
}
