/** The indicators a dossier covers, from its framework version, with their criterion. */

import { systemActor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { type IndicatorJson, readEvaluation, type UnitResultJson } from '../evaluations/report.ts';
import { type LoadedFramework, requireFramework } from '../frameworks/store.ts';
import type { Dossier } from './store.ts';

export interface DossierItem {
  code: string;
  name: string;
  /** The criterion number ("2"); null for the framework's conditions (điều kiện). */
  criterionNo: string | null;
  criterionName: string | null;
}

/** Every indicator of the framework in legal order: criteria's indicators, then the conditions. */
export function frameworkItems(fw: LoadedFramework): DossierItem[] {
  return [
    ...fw.compiled.criteria.flatMap((c) =>
      c.indicators.map((i) => ({ code: i.code, name: i.name, criterionNo: c.no, criterionName: c.name })),
    ),
    ...fw.compiled.conditions.map((i) => ({
      code: i.code,
      name: i.name,
      criterionNo: null,
      criterionName: null,
    })),
  ];
}

/** The framework version the dossier was created on, and its indicators. */
export async function dossierItems(
  db: Db,
  d: Pick<Dossier, 'frameworkId' | 'frameworkVersion'>,
): Promise<{ fw: LoadedFramework; items: DossierItem[] }> {
  const fw = await requireFramework(db, d.frameworkId, d.frameworkVersion);
  return { fw, items: frameworkItems(fw) };
}

/**
 * The engine's current result for each indicator of the dossier's unit in its round (by code),
 * under the framework version the dossier was assessed under (an amendment published later
 * does not change it).
 */
export async function engineResults(
  db: Db,
  d: Pick<Dossier, 'frameworkId' | 'frameworkVersion' | 'round' | 'unitCode'>,
): Promise<{ unit: UnitResultJson | null; byCode: Map<string, IndicatorJson> }> {
  // The dossier reader was checked by its use case; the figures are read as the system.
  const report = await readEvaluation(db, {
    actor: systemActor,
    frameworkId: d.frameworkId,
    version: d.frameworkVersion,
    period: d.round,
    unitCode: d.unitCode,
  });
  const unit = report.results.find((r) => r.unit.code === d.unitCode) ?? null;
  const byCode = new Map<string, IndicatorJson>();
  for (const c of unit?.criteria ?? []) for (const i of c.indicators) byCode.set(i.code, i);
  for (const i of unit?.conditions ?? []) byCode.set(i.code, i);
  return { unit, byCode };
}
