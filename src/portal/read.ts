/**
 * What the public portal shows about a unit: only what a publication setting makes public.
 * Every function here is "unsafe" in the access sense (no actor: anyone may call them), so each
 * one presents an explicit list of fields and nothing else: no notes, no evidence, no drafts,
 * no figure whose indicator is not published.
 */

import { systemActor } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { readEvaluation, type UnitResultJson } from '../evaluations/report.ts';
import { type LoadedFramework, latestFrameworks, requireFrameworkForPeriod } from '../frameworks/store.ts';
import { unsafePastRecognitionsOfUnit } from '../past-recognitions/read.ts';
import { decisionNumber } from '../past-recognitions/record.ts';
import { text } from '../text.ts';
import { requireUnitChain } from '../units/read.ts';
import { loadChain } from '../units/tree.ts';
import { type PublicationSetting, unsafeEffectivePublications } from './publication.ts';
import type {
  PublicFrameworkResult,
  PublicNeighbour,
  PublicNeighbours,
  PublicRecognition,
  PublicUnit,
} from './schemas.ts';

export type { PublicFrameworkResult, PublicIndicator, PublicRecognition, PublicUnit } from './schemas.ts';

/** The latest period with figures or a stored evaluation for which the framework is in force. */
async function latestPeriod(db: Db, frameworkId: string): Promise<string | null> {
  const rows = await db.query<{ period: string }>(
    `SELECT period FROM (
       SELECT DISTINCT v.period FROM value_current v JOIN framework_measures fm ON fm.measure_id = v.measure_id
       WHERE fm.framework_id = $1
       UNION SELECT period FROM evaluation_runs WHERE framework_id = $1) p
     ORDER BY period DESC LIMIT 24`,
    [frameworkId],
  );
  for (const r of rows) {
    try {
      await requireFrameworkForPeriod(db, frameworkId, r.period);
      return r.period;
    } catch {
      // not in force for that period: try an earlier one
    }
  }
  return null;
}

/** Codes of the placeholder indicators (not yet transcribed from the legal text): never public. */
function placeholderCodes(fw: LoadedFramework): ReadonlySet<string> {
  return new Set(
    [...fw.compiled.criteria.flatMap((c) => c.indicators), ...fw.compiled.conditions]
      .filter((i) => (i.def as { placeholder?: boolean }).placeholder)
      .map((i) => i.code),
  );
}

/** One unit's evaluation reduced to what `pub` makes public (placeholder indicators left out). */
export function presentPublicResult(
  fw: { id: string; name: string },
  period: string | null,
  r: UnitResultJson | undefined,
  pub: PublicationSetting,
  placeholders: ReadonlySet<string> = new Set(),
): PublicFrameworkResult {
  const figures = new Set(pub.indicators);
  return {
    framework: fw,
    period,
    demo_figures: false,
    status: r && pub.publishStatus ? r.status : null,
    met_criteria: r && pub.publishCriteria ? r.met_criteria : null,
    total_criteria: r && pub.publishCriteria ? r.total_criteria : null,
    criteria:
      r && pub.publishCriteria
        ? r.criteria.map((c) => ({
            no: c.no,
            name: c.name,
            status: c.status,
            indicators: c.indicators
              .filter((i) => !placeholders.has(i.code))
              .map((i) => ({
                code: i.code,
                name: i.name,
                status: i.status,
                threshold: i.threshold,
                value: figures.has(i.code) ? i.value : null,
                unit: i.unit,
                figure_published: figures.has(i.code),
              })),
          }))
        : [],
  };
}

const isPublic = (p: PublicationSetting | undefined): p is PublicationSetting =>
  !!p && (p.publishStatus || p.publishCriteria);

/** Evaluation of the unit and its siblings' parent, or undefined when the unit is not in that period's tree. */
async function evaluationOf(db: Db, frameworkId: string, period: string, unitCode: string) {
  try {
    return await readEvaluation(db, { actor: systemActor, frameworkId, period, unitCode });
  } catch (err) {
    if (err instanceof AppError && (err.code === 'UNIT_NOT_IN_PERIOD' || err.code === 'UNIT_NOT_FOUND'))
      return undefined;
    throw err;
  }
}

/** A unit's public page: its status under each published framework for the latest period. */
export async function readPublicUnit(db: Db, opts: { code: string; date: string }): Promise<PublicUnit> {
  const chain = await requireUnitChain(db, opts.code, opts.date);
  const self = chain[0]!;
  const pubs = await unsafeEffectivePublications(
    db,
    chain.map((u) => u.code),
  );
  const frameworks: PublicFrameworkResult[] = [];
  for (const fw of await latestFrameworks(db)) {
    const pub = pubs.get(fw.meta.id);
    if (!isPublic(pub) || !fw.compiled.appliesTo.has(self.kind)) continue;
    const period = await latestPeriod(db, fw.meta.id);
    const report = period ? await evaluationOf(db, fw.meta.id, period, self.code) : undefined;
    const demo = period
      ? await db.query(
          `SELECT 1 FROM value_current v JOIN framework_measures fm ON fm.measure_id = v.measure_id
           WHERE fm.framework_id = $1 AND v.unit_code = $2 AND v.period = $3 AND v.source = 'demo' LIMIT 1`,
          [fw.meta.id, self.code, period],
        )
      : [];
    frameworks.push({
      ...presentPublicResult(
        { id: fw.meta.id, name: fw.meta.name },
        period,
        report?.results.find((r) => r.unit.code === self.code),
        pub,
        placeholderCodes(fw),
      ),
      demo_figures: demo.length > 0,
    });
  }
  return {
    unit: {
      code: self.code,
      name: self.name,
      kind: self.kind,
      path: chain
        .slice(1)
        .reverse()
        .map((u) => ({ code: u.code, name: u.name, kind: u.kind })),
    },
    frameworks,
  };
}

/**
 * The unit beside its siblings (same parent in the tree of the period's end) under one framework,
 * each with only what its own publication setting makes public.
 */
export async function readPublicNeighbours(
  db: Db,
  opts: { code: string; frameworkId: string; date: string },
): Promise<PublicNeighbours> {
  const chain = await requireUnitChain(db, opts.code, opts.date);
  const pub = (
    await unsafeEffectivePublications(
      db,
      chain.map((u) => u.code),
    )
  ).get(opts.frameworkId);
  const fw = (await latestFrameworks(db)).find((f) => f.meta.id === opts.frameworkId);
  if (!fw || !isPublic(pub))
    throw new AppError(
      'FRAMEWORK_NOT_FOUND',
      text(`Bộ tiêu chí ${opts.frameworkId} không được công khai cho đơn vị ${opts.code}`, `not public here`),
    );
  const period = await latestPeriod(db, fw.meta.id);
  const framework = { id: fw.meta.id, name: fw.meta.name };
  const own = period ? await evaluationOf(db, fw.meta.id, period, opts.code) : undefined;
  // The parent in the period's tree (a unit may have moved since).
  const chainThen = own ? await loadChain(db, opts.code, own.tree_date) : [];
  const self = chainThen[0];
  const parent = chainThen[1];
  if (!period || !self || !parent) return { framework, period, parent: null, units: [] };
  const report = await evaluationOf(db, fw.meta.id, period, parent.code);
  const siblings = (report?.results ?? []).filter(
    (r) => r.unit.code !== parent.code && r.unit.kind === self.kind,
  );
  const upper = chainThen.slice(1).map((u) => u.code);
  const units: PublicNeighbour[] = [];
  for (const r of siblings) {
    const p = (await unsafeEffectivePublications(db, [r.unit.code, ...upper])).get(fw.meta.id);
    const shown = isPublic(p) ? p : undefined;
    units.push({
      code: r.unit.code,
      name: r.unit.name,
      kind: r.unit.kind,
      self: r.unit.code === self.code,
      status: shown?.publishStatus ? r.status : null,
      met_criteria: shown?.publishCriteria ? r.met_criteria : null,
      total_criteria: shown?.publishCriteria ? r.total_criteria : null,
    });
  }
  return { framework, period, parent: { code: parent.code, name: parent.name }, units };
}

/**
 * Recognition decisions of the unit (public once recorded), newest first: those its dossiers
 * ended with (number, date, signer, whether later revoked) and those recorded from decisions made
 * before TieuChi, its predecessors' included (src/past-recognitions). Never the scanned file,
 * reasons or any internal note of a dossier.
 */
export async function readPublicRecognitions(
  db: Db,
  opts: { code: string; date: string },
): Promise<PublicRecognition[]> {
  const [self] = await requireUnitChain(db, opts.code, opts.date);
  const rows = await db.query<{
    framework_id: string;
    name: string | null;
    round: string;
    state: 'recognised' | 'revoked';
    decision_no: string;
    decision_date: string | null;
    decision_signer: string | null;
    revocation_no: string | null;
    revocation_date: string | null;
  }>(
    `SELECT d.framework_id, f.name, d.round, d.state, d.decision_no, d.decision_date::text AS decision_date,
       d.decision_signer, d.revocation_no, d.revocation_date::text AS revocation_date
     FROM dossiers d LEFT JOIN frameworks f ON f.id = d.framework_id AND f.version = d.framework_version
     WHERE d.unit_code = $1 AND d.state IN ('recognised', 'revoked') AND d.decision_no IS NOT NULL
     ORDER BY d.decision_date DESC NULLS LAST, d.id DESC`,
    [opts.code],
  );
  const fromDossiers: PublicRecognition[] = rows.map((r) => ({
    recorded: false,
    framework: { id: r.framework_id, name: r.name },
    round: r.round,
    title: null,
    year: null,
    unit: { code: self!.code, name: self!.name },
    former: false,
    partial: false,
    state: r.state,
    decision_no: decisionNumber(r.decision_no),
    decision_date: r.decision_date,
    ceremony_date: null,
    authority: null,
    signer: r.decision_signer,
    note: null,
    sources: [],
    revocation_no: r.state === 'revoked' ? r.revocation_no : null,
    revocation_date: r.state === 'revoked' ? r.revocation_date : null,
  }));
  const past = await unsafePastRecognitionsOfUnit(db, opts);
  const names = await frameworkNames(
    db,
    past.flatMap((p) => (p.framework_id ? [p.framework_id] : [])),
  );
  const recorded: PublicRecognition[] = past.map((p) => ({
    recorded: true,
    framework: {
      id: p.framework_id,
      name: p.criteria_set ?? (p.framework_id ? (names.get(p.framework_id) ?? null) : null),
    },
    round: null,
    title: p.title,
    year: p.year,
    unit: { code: p.unit.code, name: p.unit.name },
    former: p.former,
    partial: p.partial,
    state: 'recognised',
    decision_no: p.decision_no,
    decision_date: p.decision_date,
    ceremony_date: p.ceremony_date,
    authority: p.authority,
    signer: p.signer,
    note: p.note,
    sources: p.sources,
    revocation_no: null,
    revocation_date: null,
  }));
  const day = (r: PublicRecognition) =>
    r.decision_date ??
    r.ceremony_date ??
    (r.year ? `${r.year}-12-31` : r.round ? `${r.round.slice(0, 4)}-12-31` : '');
  // Newest first; a decision whose day is not known at all goes last.
  return [...fromDossiers, ...recorded]
    .map((r, i) => ({ r, i, d: day(r) }))
    .sort((a, b) => (a.d === b.d ? a.i - b.i : !a.d ? 1 : !b.d ? -1 : a.d < b.d ? 1 : -1))
    .map((x) => x.r);
}

/** The latest name of each framework id. */
async function frameworkNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{ id: string; name: string }>(
    'SELECT DISTINCT ON (id) id, name FROM frameworks WHERE id = ANY($1) ORDER BY id, version DESC',
    [[...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
