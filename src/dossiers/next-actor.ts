/**
 * Who acts next on a dossier (ai xử lý tiếp): the commune while it prepares or reworks, the
 * coordination office to start or close the appraisal, the departments whose criteria still wait
 * for a ruling, the council to vote; nobody once it is decided. Read by the dossier page ("Chờ Sở
 * Giao thông vận tải thẩm định tiêu chí 2") and by the home page's to-do lists.
 */
import type { Db } from '../db/database.ts';
import type { LoadedFramework } from '../frameworks/store.ts';
import { latestRulings } from './appraisal.ts';
import { frameworkItems } from './items.ts';
import type { Dossier } from './store.ts';

export type NextActor =
  | { kind: 'commune'; step: 'self_assess' | 'submit' | 'rework'; deadline: string | null }
  | { kind: 'office'; step: 'start_appraisal' | 'complete_appraisal' | 'decide' }
  | { kind: 'departments'; criteria: Array<{ no: string; name: string; department: string | null }> }
  | { kind: 'council' }
  | { kind: 'none' };

/**
 * The criteria of an appraised dossier still waiting for a ruling in this appraisal round: an
 * indicator never ruled, or ruled other than "pass" in an earlier round (ruled again after rework).
 */
export async function criteriaAwaitingRuling(db: Db, d: Dossier, fw: LoadedFramework): Promise<string[]> {
  const rulings = await latestRulings(db, d);
  const waiting = new Set<string>();
  for (const item of frameworkItems(fw)) {
    if (item.criterionNo === null) continue;
    const r = rulings.get(item.code);
    if (!r || (r.verdict !== 'pass' && r.round < d.appraisalRound)) waiting.add(item.criterionNo);
  }
  return fw.compiled.criteria.map((c) => c.no).filter((no) => waiting.has(no));
}

/** The open rework request's deadline (yyyy-mm-dd), if the dossier waits for one. */
export async function reworkDeadline(db: Db, dossierId: number): Promise<string | null> {
  const rows = await db.query<{ deadline: string }>(
    `SELECT deadline::text AS deadline FROM dossier_rework_requests
     WHERE dossier_id = $1 AND answered_at IS NULL ORDER BY round DESC LIMIT 1`,
    [dossierId],
  );
  return rows[0]?.deadline ?? null;
}

/** Who acts next on `d` (its framework version loaded as `fw`). */
export async function whoActsNext(db: Db, d: Dossier, fw: LoadedFramework): Promise<NextActor> {
  switch (d.state) {
    case 'draft':
      return { kind: 'commune', step: 'self_assess', deadline: null };
    case 'self_assessed':
      return { kind: 'commune', step: 'submit', deadline: null };
    case 'rework_requested':
      return { kind: 'commune', step: 'rework', deadline: await reworkDeadline(db, d.id) };
    case 'submitted':
    case 'resubmitted':
      return { kind: 'office', step: 'start_appraisal' };
    case 'under_appraisal': {
      const waiting = new Set(await criteriaAwaitingRuling(db, d, fw));
      if (waiting.size === 0) return { kind: 'office', step: 'complete_appraisal' };
      return {
        kind: 'departments',
        criteria: fw.compiled.criteria
          .filter((c) => waiting.has(c.no))
          .map((c) => ({ no: c.no, name: c.name, department: c.def.department ?? null })),
      };
    }
    case 'appraised': {
      const votes = await db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM dossier_votes WHERE dossier_id = $1',
        [d.id],
      );
      return (votes[0]?.n ?? 0) > 0 ? { kind: 'office', step: 'decide' } : { kind: 'council' };
    }
    default:
      return { kind: 'none' };
  }
}
