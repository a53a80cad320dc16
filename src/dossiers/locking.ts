/** Figures a submitted dossier relies on are locked: value writes check here first. */
import type { Db } from '../db/database.ts';
import { AppError, type InputIssue } from '../errors.ts';
import { text } from '../text.ts';
import { lockedStates, stateLabels } from './states.ts';

/** A figure about to be written; with `cell`, a write that changes nothing is let through. */
export interface FigureKey {
  unitCode: string;
  measureId: string;
  period: string;
  cell?: { num: number | null; txt: string | null; na: boolean };
  note?: string | null;
}

export interface LockingDossier {
  id: number;
  unit_code: string;
  round: string;
  state: keyof typeof stateLabels;
  framework_id: string;
  measures: string[];
}

/**
 * SQL of one JSON array of the dossiers in a locked state on the keys of relation `keys` (columns
 * unit_code, period), each with the measures its framework version reads; `states` is the
 * parameter holding lockedStates. For a write that reads it with its other checks in one statement.
 */
export const lockingDossiersJson = (keys: string, states: string) => `(SELECT json_agg(json_build_object(
    'id', x.id, 'unit_code', x.unit_code, 'round', x.round, 'state', x.state, 'framework_id', x.framework_id,
    'measures', x.measures)) FROM (
  SELECT d.id, d.unit_code, d.round, d.state, d.framework_id, array_agg(fm.measure_id) AS measures
  FROM dossiers d
  JOIN framework_measures fm ON fm.framework_id = d.framework_id AND fm.version = d.framework_version
  WHERE d.state = ANY(${states}) AND (d.unit_code, d.round) IN (SELECT unit_code, period FROM ${keys})
  GROUP BY d.id) x)`;

/**
 * Refuses (DOSSIER_LOCKED, HTTP 409) writes of figures that a dossier in a locked state relies on:
 * the dossier's unit, its round as the period, a measure its framework version reads. One query
 * finds the locked dossiers of the batch's periods (usually none); nothing else is read then.
 * Must run in the transaction that writes the figures.
 */
export async function assertNotLocked(tx: Db, figures: FigureKey[]): Promise<void> {
  if (figures.length === 0) return;
  const periods = [...new Set(figures.map((f) => f.period))];
  const dossiers = await tx.query<LockingDossier>(
    `SELECT d.id, d.unit_code, d.round, d.state, d.framework_id, array_agg(fm.measure_id) AS measures
     FROM dossiers d
     JOIN framework_measures fm ON fm.framework_id = d.framework_id AND fm.version = d.framework_version
     WHERE d.round = ANY($1) AND d.state = ANY($2)
     GROUP BY d.id`,
    [periods, [...lockedStates]],
  );
  const hits = lockedHits(figures, dossiers);
  await refuseLocked(tx, await withoutUnchanged(tx, hits));
}

/** The figures among `figures` that one of `dossiers` (in a locked state) relies on. */
export function lockedHits<F extends FigureKey>(
  figures: F[],
  dossiers: LockingDossier[],
): Array<{ f: F; d: LockingDossier }> {
  if (dossiers.length === 0) return [];
  const byKey = new Map<string, LockingDossier[]>();
  for (const d of dossiers)
    byKey.set(`${d.unit_code}|${d.round}`, [...(byKey.get(`${d.unit_code}|${d.round}`) ?? []), d]);
  const hits: Array<{ f: F; d: LockingDossier }> = [];
  for (const f of figures)
    for (const d of byKey.get(`${f.unitCode}|${f.period}`) ?? [])
      if (d.measures.includes(f.measureId)) hits.push({ f, d });
  return hits;
}

/**
 * Throws DOSSIER_LOCKED naming each figure of `changed` (figures whose write changes them) and its
 * dossier, by the names officials know (unit, figure, framework), read only when refusing.
 */
export async function refuseLocked(
  tx: Db,
  changed: Array<{ f: FigureKey; d: LockingDossier }>,
): Promise<void> {
  if (changed.length === 0) return;
  const names = await tx.query<{ unit: string | null; measure: string | null; framework: string | null }>(
    `SELECT (SELECT u.name FROM units u WHERE u.code = k.u ORDER BY u.valid_from DESC LIMIT 1) AS unit,
            (SELECT m.name FROM measures m WHERE m.id = k.m) AS measure,
            (SELECT f.name FROM frameworks f WHERE f.id = k.f ORDER BY f.version DESC LIMIT 1) AS framework
     FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS k(u, m, f, n) ORDER BY k.n`,
    [
      changed.map((c) => c.f.unitCode),
      changed.map((c) => c.f.measureId),
      changed.map((c) => c.d.framework_id),
    ],
  );
  const issues: InputIssue[] = changed.map(({ f, d }, i) => {
    const n = names[i];
    return {
      field: 'value',
      value: `${n?.unit ?? f.unitCode} · ${n?.measure ?? f.measureId} · ${f.period}`,
      message: text(
        `hồ sơ #${d.id} (${n?.framework ?? d.framework_id}, đợt ${d.round}) "${stateLabels[d.state][0]}": số liệu bị khóa, cần mở lại hồ sơ`,
        `locked by dossier #${d.id}`,
      ),
    };
  });
  const ids = [...new Set(changed.map((c) => `#${c.d.id}`))].join(', ');
  throw new AppError(
    'DOSSIER_LOCKED',
    text(
      `${changed.length} số liệu thuộc hồ sơ đã nộp (${ids}) nên bị khóa; không có gì được lưu. Muốn sửa cần mở lại hồ sơ`,
      `figures locked by a submitted dossier, nothing was changed`,
    ),
    issues,
  );
}

/** Drops figures whose write would store exactly what is already current (value, n/a, note). */
async function withoutUnchanged<T extends { f: FigureKey }>(tx: Db, hits: T[]): Promise<T[]> {
  if (hits.length === 0 || hits.some((h) => !h.f.cell)) return hits;
  const rows = await tx.query<
    { unit_code: string; measure_id: string; period: string } & Record<string, unknown>
  >(
    `SELECT c.unit_code, c.measure_id, c.period, c.num, c.txt, c.na, c.note FROM value_current c
     JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(u, m, p) ON c.unit_code = k.u AND c.measure_id = k.m
       AND c.period = k.p`,
    [hits.map((h) => h.f.unitCode), hits.map((h) => h.f.measureId), hits.map((h) => h.f.period)],
  );
  const current = new Map(rows.map((r) => [`${r.unit_code}|${r.measure_id}|${r.period}`, r]));
  return hits.filter(({ f }) => {
    const c = current.get(`${f.unitCode}|${f.measureId}|${f.period}`);
    return !(
      c &&
      c.num === f.cell!.num &&
      c.txt === f.cell!.txt &&
      c.na === f.cell!.na &&
      c.note === (f.note ?? null)
    );
  });
}
