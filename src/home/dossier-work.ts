/**
 * The dossier to-do lists of the home page, built from the dossier reads (listDossiers, the
 * access checks, whoActsNext): a department reviewer's rulings waiting, the coordination office's
 * pipeline, a council member's votes waiting, a commune's own dossiers.
 */
import { type Actor, can } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { criteriaAwaitingRuling, type NextActor, whoActsNext } from '../dossiers/next-actor.ts';
import { listDossiers } from '../dossiers/read.ts';
import { type DossierState, dossierStates, stateLabels } from '../dossiers/states.ts';
import { requireDossier } from '../dossiers/store.ts';
import { type LoadedFramework, requireFramework } from '../frameworks/store.ts';

/** One dossier on somebody's list: where it stands, since when, who acts next, by when. */
export interface DossierTask {
  id: number;
  unit_code: string;
  unit_name: string | null;
  framework_id: string;
  framework_name: string;
  round: string;
  state: DossierState;
  state_label: string;
  /** When it entered its current state (yyyy-mm-dd hh:mm, server time). */
  since: string;
  next: NextActor;
  /** True when the reader is the one who acts next. */
  mine: boolean;
  deadline: string | null;
  overdue: boolean;
  /** Reviewer: the criteria the reader may rule on that still wait (numbers). */
  my_criteria?: string[];
}

const closedStates: ReadonlySet<DossierState> = new Set(['recognised', 'refused', 'revoked']);

async function entered(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{ dossier_id: number; at: string }>(
    `SELECT dossier_id, max(at)::text AS at FROM dossier_transitions WHERE dossier_id = ANY($1::int[])
     GROUP BY dossier_id`,
    [ids],
  );
  return new Map(rows.map((r) => [r.dossier_id, r.at]));
}

/**
 * The dossiers `actor` may read (optionally of one unit), open ones only unless `all`, each with
 * who acts next and whether that is the reader (`mineWhen` decides from the next actor).
 */
async function dossierTasks(
  db: Db,
  actor: Actor,
  opts: { unitCode?: string; all?: boolean; today: string; mineWhen: (n: NextActor) => boolean },
): Promise<Array<DossierTask & { fw: LoadedFramework }>> {
  const list = (await listDossiers(db, actor, { unitCode: opts.unitCode })).filter(
    (d) => opts.all || !closedStates.has(d.state),
  );
  const since = await entered(
    db,
    list.map((d) => d.id),
  );
  const out: Array<DossierTask & { fw: LoadedFramework }> = [];
  for (const entry of list) {
    const d = await requireDossier(db, entry.id);
    const fw = await requireFramework(db, d.frameworkId, d.frameworkVersion);
    const next = await whoActsNext(db, d, fw);
    const deadline = next.kind === 'commune' ? next.deadline : null;
    out.push({
      id: d.id,
      unit_code: d.unitCode,
      unit_name: entry.unit_name,
      framework_id: d.frameworkId,
      framework_name: fw.meta.name,
      round: d.round,
      state: d.state,
      state_label: stateLabels[d.state][0],
      since: since.get(d.id) ?? d.updatedAt,
      next,
      mine: opts.mineWhen(next),
      deadline,
      overdue: deadline !== null && deadline < opts.today,
      fw,
    });
  }
  return out;
}

const strip = ({ fw: _fw, ...t }: DossierTask & { fw: LoadedFramework }): DossierTask => t;
const oldestFirst = (a: DossierTask, b: DossierTask) =>
  a.since < b.since ? -1 : a.since > b.since ? 1 : a.id - b.id;

/** A commune's dossiers (every state), newest round first. */
export async function communeDossiers(db: Db, actor: Actor, unitCode: string, today: string) {
  const list = await dossierTasks(db, actor, {
    unitCode,
    all: true,
    today,
    mineWhen: (n) => n.kind === 'commune',
  });
  return list.map(strip).sort((a, b) => (a.round < b.round ? 1 : a.round > b.round ? -1 : b.id - a.id));
}

/**
 * Dossiers under appraisal with criteria that the reviewer may rule on and that still wait for
 * a ruling in this round, oldest first.
 */
export async function rulingsWaiting(db: Db, actor: Actor, today: string): Promise<DossierTask[]> {
  const list = await dossierTasks(db, actor, { today, mineWhen: () => false });
  const out: DossierTask[] = [];
  for (const t of list) {
    if (t.state !== 'under_appraisal') continue;
    const d = await requireDossier(db, t.id);
    const waiting = await criteriaAwaitingRuling(db, d, t.fw);
    const mine: string[] = [];
    for (const no of waiting)
      if (
        await can(db, actor, 'dossier.rule', {
          unitCode: d.unitCode,
          frameworkId: d.frameworkId,
          criterionNo: no,
        })
      )
        mine.push(no);
    if (mine.length > 0) out.push({ ...strip(t), mine: true, my_criteria: mine });
  }
  return out.sort(oldestFirst);
}

/** The coordination office's pipeline: counts by state, and the open dossiers (overdue, then oldest). */
export async function dossierPipeline(db: Db, actor: Actor, today: string) {
  const all = await dossierTasks(db, actor, { all: true, today, mineWhen: (n) => n.kind === 'office' });
  const counts = new Map<DossierState, number>();
  for (const t of all) counts.set(t.state, (counts.get(t.state) ?? 0) + 1);
  const open = all
    .filter((t) => !closedStates.has(t.state))
    .map(strip)
    .sort(
      (a, b) => Number(b.overdue) - Number(a.overdue) || Number(b.mine) - Number(a.mine) || oldestFirst(a, b),
    );
  return {
    by_state: dossierStates
      .filter((s) => counts.has(s))
      .map((s) => ({ state: s, label: stateLabels[s][0], count: counts.get(s)! })),
    open,
  };
}

/** Appraised dossiers the council member has not voted on yet, oldest first. */
export async function votesWaiting(db: Db, actor: Actor, today: string): Promise<DossierTask[]> {
  const list = await dossierTasks(db, actor, { today, mineWhen: () => true });
  const out: DossierTask[] = [];
  for (const t of list) {
    if (t.state !== 'appraised') continue;
    if (!(await can(db, actor, 'dossier.vote', { unitCode: t.unit_code, frameworkId: t.framework_id })))
      continue;
    const voted = await db.query('SELECT 1 FROM dossier_votes WHERE dossier_id = $1 AND voter = $2', [
      t.id,
      actor.username,
    ]);
    if (voted.length === 0) out.push({ ...strip(t), next: { kind: 'council' }, mine: true });
  }
  return out.sort(oldestFirst);
}
