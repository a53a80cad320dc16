/**
 * What a reader of a dossier may see: a department reviewer only the criteria its grants name,
 * commune officers never the appraisers' internal notes. Permission itself (dossier.read) is
 * checked by the access module; this only narrows what a permitted reader is shown.
 */
import { type Actor, ALL_UNITS, abilitiesFor, can } from '../access/index.ts';
import { roleActions } from '../access/policy.ts';
import { coveringCodes } from '../access/subtree.ts';
import type { Db } from '../db/database.ts';
import { today } from '../http/openapi.ts';
import { editableStates, reopenableStates } from './states.ts';
import type { Dossier } from './store.ts';

export interface DossierView {
  /** Criterion numbers shown, or 'all' (then the framework's conditions are shown too). */
  criteria: ReadonlySet<string> | 'all';
  internalNotes: boolean;
}

export const seesCriterion = (v: DossierView, no: string | null) =>
  v.criteria === 'all' || (no !== null && v.criteria.has(no));

/** The view of `actor` on the dossier (the system sees everything). */
export async function dossierViewFor(db: Db, actor: Actor, d: Dossier): Promise<DossierView> {
  if (actor.userId === null) return { criteria: 'all', internalNotes: true };
  const covering = (await coveringCodes(db, [d.unitCode], today())).get(d.unitCode)!;
  const grants = actor.grants.filter(
    (g) =>
      roleActions[g.role].has('dossier.read') &&
      (g.unitCode === ALL_UNITS || covering.has(g.unitCode)) &&
      (!g.frameworkId || g.frameworkId === d.frameworkId),
  );
  const unlimited = grants.some((g) => !g.criteria || g.criteria.length === 0);
  return {
    criteria: unlimited ? 'all' : new Set(grants.flatMap((g) => g.criteria ?? [])),
    internalNotes: grants.some((g) => g.role !== 'commune_officer'),
  };
}

/** The dossier actions a reader's UI offers: allowed by the caller's roles AND by the dossier's state. */
export const dossierActions = [
  'dossier.read',
  'dossier.self_assess',
  'dossier.submit',
  'dossier.consolidate',
  'dossier.request_rework',
  'dossier.resubmit',
  'dossier.vote',
  'dossier.decide',
  'dossier.revoke',
  'dossier.reopen',
  'evidence.upload',
  'evidence.read',
] as const;
export type DossierAction = (typeof dossierActions)[number];

const stateAllows: Record<DossierAction, (d: Dossier) => boolean> = {
  'dossier.read': () => true,
  'dossier.self_assess': (d) => editableStates.has(d.state),
  'dossier.submit': (d) => d.state === 'self_assessed',
  'dossier.consolidate': (d) => ['submitted', 'resubmitted', 'under_appraisal'].includes(d.state),
  'dossier.request_rework': (d) => d.state === 'under_appraisal',
  'dossier.resubmit': (d) => d.state === 'rework_requested',
  'dossier.vote': (d) => d.state === 'appraised',
  'dossier.decide': (d) => d.state === 'appraised' || d.state === 'under_appraisal',
  'dossier.revoke': (d) => d.state === 'recognised',
  'dossier.reopen': (d) => reopenableStates.has(d.state),
  'evidence.upload': (d) => editableStates.has(d.state),
  'evidence.read': () => true,
};

/** What the caller may do on the dossier now, and on which criteria it may rule (under appraisal). */
export async function dossierAbilities(
  db: Db,
  actor: Actor,
  d: Dossier,
  criteria: string[],
): Promise<{ abilities: Record<DossierAction, boolean>; rule_criteria: string[] }> {
  const target = { unitCode: d.unitCode, frameworkId: d.frameworkId };
  const allowed = await abilitiesFor(db, actor, target);
  const abilities = {} as Record<DossierAction, boolean>;
  for (const a of dossierActions) abilities[a] = allowed[a] && stateAllows[a](d);
  const ruleCriteria: string[] = [];
  if (d.state === 'under_appraisal')
    for (const no of criteria)
      if (await can(db, actor, 'dossier.rule', { ...target, criterionNo: no })) ruleCriteria.push(no);
  return { abilities, rule_criteria: ruleCriteria };
}
