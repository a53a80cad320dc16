/**
 * An area's picture for the home page: headline counts per framework (leader), and the recognised
 * units whose current figures fall into the revocation conditions (coordination office).
 */
import type { Actor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { revocationFlags } from '../dossiers/revocation.ts';
import { readMatrix } from '../evaluations/matrix.ts';
import type { ThresholdSummary } from '../evaluations/thresholds.ts';
import { latestFrameworks } from '../frameworks/store.ts';
import { latestPeriodWithData, unitOnDate } from './periods.ts';

export interface AreaFramework {
  id: string;
  name: string;
  period: string;
  /** Units of the area the framework applies to, by status. */
  counts: {
    total: number;
    met: number;
    basically_met: number;
    not_met: number;
    no_data: number;
    rule_missing: number;
  };
  thresholds: ThresholdSummary;
}

export interface AreaOverview {
  unit: { code: string; name: string };
  frameworks: AreaFramework[];
}

/** Headline counts of the area under `unitCode` for every framework with figures (latest period each). */
export async function areaOverview(
  db: Db,
  actor: Actor,
  opts: { unitCode: string; today: string },
): Promise<AreaOverview | null> {
  const unit = await unitOnDate(db, opts.unitCode, opts.today);
  if (!unit) return null;
  const frameworks: AreaFramework[] = [];
  for (const fw of await latestFrameworks(db)) {
    const period = await latestPeriodWithData(db, fw);
    if (!period) continue;
    const m = await readMatrix(db, { frameworkId: fw.meta.id, period, unitCode: unit.code, actor }).catch(
      () => null,
    );
    const counts = m?.unit.children;
    if (!m || !counts || counts.total === 0) continue;
    frameworks.push({ id: fw.meta.id, name: fw.meta.name, period, counts, thresholds: m.thresholds });
  }
  frameworks.sort((a, b) =>
    a.period < b.period ? 1 : a.period > b.period ? -1 : a.name.localeCompare(b.name),
  );
  return { unit: { code: unit.code, name: unit.name }, frameworks };
}

export interface RevocationItem {
  unit_code: string;
  unit_name: string | null;
  framework_id: string;
  framework_name: string;
  period: string;
  dossier_id: number;
  reason: string;
}

/** Recognised units (that `actor` may read) flagged for revocation, per framework with recognitions. */
export async function revocationWatch(db: Db, actor: Actor): Promise<RevocationItem[]> {
  const ids = await db.query<{ framework_id: string }>(
    "SELECT DISTINCT framework_id FROM dossiers WHERE state = 'recognised' ORDER BY framework_id",
  );
  const out: RevocationItem[] = [];
  for (const fw of (await latestFrameworks(db)).filter((f) =>
    ids.some((i) => i.framework_id === f.meta.id),
  )) {
    const period = await latestPeriodWithData(db, fw);
    if (!period) continue;
    const flags = await revocationFlags(db, { frameworkId: fw.meta.id, period, actor }).catch(() => null);
    for (const u of flags?.units ?? [])
      if (u.flagged)
        out.push({
          unit_code: u.unit.code,
          unit_name: u.unit.name,
          framework_id: fw.meta.id,
          framework_name: fw.meta.name,
          period,
          dossier_id: u.dossier_id,
          reason: u.reason,
        });
  }
  return out;
}
