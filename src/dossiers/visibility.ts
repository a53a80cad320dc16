/**
 * What a reader of a dossier may see: a department reviewer only the criteria its grants name,
 * commune officers never the appraisers' internal notes. Permission itself (dossier.read) is
 * checked by the access module; this only narrows what a permitted reader is shown.
 */
import { type Actor, ALL_UNITS, abilitiesFor, criteriaAllowed } from '../access/index.ts';
import { roleActions } from '../access/policy.ts';
import { coveringCodes } from '../access/subtree.ts';
import type { Db } from '../db/database.ts';
import { today } from '../http/openapi.ts';
import type { Lang } from '../text.ts';
import type { Dossier } from './store.ts';
import {
  type DossierStep,
  dossierSteps,
  dossierWorkflow,
  stepAllowedIn,
  type UnavailableStep,
  unavailableSteps,
} from './workflow.ts';

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

/** The dossier actions a reader's UI offers: allowed by the caller's roles AND by some workflow step. */
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

export interface DossierAbilities {
  /** Per workflow step (src/dossiers/workflow.ts): the caller's role allows it and the state does. */
  steps: Record<DossierStep, boolean>;
  /** Per action: some step needing it is open to the caller now (reads: the role alone). */
  abilities: Record<DossierAction, boolean>;
  /** Criteria the caller may rule on now (under appraisal). */
  rule_criteria: string[];
  /** Steps the caller's role allows but the state does not open yet, with the reason (in `lang`). */
  unavailable: UnavailableStep[];
}

/** What the caller may do on the dossier now: every step of the workflow table, checked. */
export async function dossierAbilities(
  db: Db,
  actor: Actor,
  d: Dossier,
  criteria: string[],
  lang: Lang = 'vi',
): Promise<DossierAbilities> {
  const target = { unitCode: d.unitCode, frameworkId: d.frameworkId };
  const allowed = await abilitiesFor(db, actor, target);
  const ruleCriteria = stepAllowedIn('rule', d.state)
    ? await criteriaAllowed(db, actor, 'dossier.rule', target, criteria)
    : [];
  // A reviewer's role allows ruling only on its criteria, and only while they are under appraisal.
  const roleAllows = (step: DossierStep) =>
    step === 'rule' ? ruleCriteria.length > 0 : allowed[dossierWorkflow[step].action];
  const steps = {} as Record<DossierStep, boolean>;
  for (const step of dossierSteps) steps[step] = roleAllows(step) && stepAllowedIn(step, d.state);
  const abilities = {} as Record<DossierAction, boolean>;
  for (const a of dossierActions)
    abilities[a] =
      a === 'dossier.read' || a === 'evidence.read'
        ? allowed[a]
        : dossierSteps.some((s) => steps[s] && dossierWorkflow[s].action === a);
  return {
    steps,
    abilities,
    rule_criteria: ruleCriteria,
    unavailable: unavailableSteps(d.state, roleAllows, lang),
  };
}
