/**
 * A commune or ward officer's own unit on the home page: the unit as it stands today (following
 * mergers from the grant's code), its status under every framework that applies, with the latest
 * period that has figures, what is failing or missing (indicator numbers and names), its dossiers
 * and its target reports that are due.
 */
import { type Actor, systemActor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { byCloseness } from '../engine/gap.ts';
import type { Status } from '../engine/status.ts';
import type { IndicatorJson } from '../evaluations/report.ts';
import { readEvaluation } from '../evaluations/report.ts';
import { latestFrameworks } from '../frameworks/store.ts';
import { unsafePastRecognitionsOfUnit } from '../past-recognitions/read.ts';
import type { Title } from '../past-recognitions/schemas.ts';
import { communeDossiers, type DossierTask } from './dossier-work.ts';
import { latestPeriodWithData, unitOnDate } from './periods.ts';
import { type ReportDue, reportsDue } from './targets-work.ts';

export interface IndicatorGap {
  code: string;
  name: string;
  criterion: string;
  status: Status;
  value: IndicatorJson['value'];
  unit: string | null;
  threshold: string;
  reason: string;
  /** What it takes to meet it (see src/engine/gap.ts): signed change, closeness, words. */
  gap: number | null;
  gap_relative: number | null;
  gap_text: string;
}

export interface UnitFramework {
  id: string;
  name: string;
  period: string;
  /** The unit's name in that period when it differs from today's (a merged or renamed commune). */
  name_in_period: string | null;
  status: Status;
  met_criteria: number;
  total_criteria: number;
  /** Indicators not met, basically met or without a figure: closest to meeting first, missing figures last. */
  gaps: IndicatorGap[];
  /** Indicators whose threshold is not in the legal text yet (never guessed). */
  rule_missing: number;
  dossier_id: number | null;
}

export interface UnitWork {
  grant_code: string;
  unit: { code: string; name: string; kind: string; parent_name: string | null };
  frameworks: UnitFramework[];
  dossiers: DossierTask[];
  reports: ReportDue[];
  /** Titles recognised before TieuChi, its predecessors' included (src/past-recognitions), newest first. */
  titles: Array<{ title: Title; year: number | null; unit_name: string; former: boolean }>;
}

const gapStatuses = new Set(['not_met', 'basically_met', 'no_data']);

/** What remains, closest to meeting first (gap_relative), then rules without a number, missing figures last. */
function closestFirst(a: IndicatorGap, b: IndicatorGap): number {
  const nd = Number(a.status === 'no_data') - Number(b.status === 'no_data');
  if (nd !== 0) return nd;
  const gap = (g: IndicatorGap) => ({ amount: g.gap, relative: g.gap_relative, text: g.gap_text });
  return byCloseness(gap(a), gap(b));
}

/** The officer's unit of grant `grantCode` today, with its work; null when the code is no unit today. */
export async function unitWork(
  db: Db,
  actor: Actor,
  opts: { grantCode: string; today: string; period?: string },
): Promise<UnitWork | null> {
  const unit = await unitOnDate(db, opts.grantCode, opts.today);
  if (!unit) return null;
  const dossiers = await communeDossiers(db, actor, unit.code, opts.today);
  const frameworks: UnitFramework[] = [];
  for (const fw of await latestFrameworks(db)) {
    if (!fw.compiled.appliesTo.has(unit.kind)) continue;
    const period =
      opts.period &&
      opts.period >= fw.meta.validFrom.slice(0, 4) &&
      opts.period <= fw.meta.validTo.slice(0, 4)
        ? opts.period
        : await latestPeriodWithData(db, fw, [unit.code]);
    if (!period) continue;
    const report = await readEvaluation(db, {
      actor: systemActor,
      frameworkId: fw.meta.id,
      period,
      unitCode: unit.code,
    }).catch(() => null);
    const own = report?.results.find((r) => r.unit.code === unit.code);
    if (!own || own.status === 'not_applicable') continue;
    const gaps: IndicatorGap[] = [];
    let ruleMissing = 0;
    const visit = (criterion: string, list: IndicatorJson[]) => {
      for (const i of list) {
        if (i.status === 'rule_missing') ruleMissing++;
        if (gapStatuses.has(i.status))
          gaps.push({
            code: i.code,
            name: i.name,
            criterion,
            status: i.status,
            value: i.value,
            unit: i.unit,
            threshold: i.threshold,
            reason: i.reason,
            gap: i.gap ?? null,
            gap_relative: i.gap_relative ?? null,
            gap_text: i.status === 'no_data' ? 'chưa có số liệu' : (i.gap_text ?? i.reason),
          });
      }
    };
    for (const c of own.criteria) visit(c.no, c.indicators);
    visit('', own.conditions ?? []);
    gaps.sort(closestFirst);
    frameworks.push({
      id: fw.meta.id,
      name: fw.meta.name,
      period,
      name_in_period: own.unit.name !== unit.name ? own.unit.name : null,
      status: own.status,
      met_criteria: own.met_criteria,
      total_criteria: own.total_criteria,
      gaps,
      rule_missing: ruleMissing,
      dossier_id:
        dossiers.find((d) => d.framework_id === fw.meta.id && d.round === period)?.id ??
        dossiers.find((d) => d.framework_id === fw.meta.id)?.id ??
        null,
    });
  }
  // Frameworks in force today first, then the most recent period.
  frameworks.sort((a, b) =>
    a.period < b.period ? 1 : a.period > b.period ? -1 : a.name.localeCompare(b.name),
  );
  return {
    grant_code: opts.grantCode,
    unit: { code: unit.code, name: unit.name, kind: unit.kind, parent_name: unit.parentName },
    frameworks,
    dossiers,
    reports: await reportsDue(db, actor, { today: opts.today, holder: unit.code }),
    titles: (await unsafePastRecognitionsOfUnit(db, { code: unit.code, date: opts.today })).map((r) => ({
      title: r.title,
      year: r.year,
      unit_name: r.unit.name,
      former: r.former,
    })),
  };
}
