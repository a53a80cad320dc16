import type { z } from '@hono/zod-openapi';
import { type Actor, can, requireAbility } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { parsePeriod } from '../engine/periods.ts';
import { listDossierEvidence } from '../evidence/read.ts';
import { type Lang, render } from '../text.ts';
import { latestRulings, type Ruling } from './appraisal.ts';
import { councilTally } from './decision.ts';
import { dossierItems, engineResults } from './items.ts';
import { whoActsNext } from './next-actor.ts';
import { readProcedure } from './procedure.ts';
import { checkProcedure, type ProcedureRecord } from './procedure-rules.ts';
import type {
  DossierDetailJson,
  DossierItemJson as ItemSchema,
  ReworkRequestJson as ReworkSchema,
} from './schemas.ts';
import { type DossierState, lockedStates, lockOf, stateLabels } from './states.ts';
import { type Dossier, dossierColumns, requireDossier, toDossier } from './store.ts';
import {
  type DossierAbilities,
  type DossierView,
  dossierAbilities,
  dossierViewFor,
  seesCriterion,
} from './visibility.ts';
import { stepAllowedIn } from './workflow.ts';

type ItemJson = z.infer<typeof ItemSchema>;
export type SelfAssessmentJson = NonNullable<ItemJson['self_assessment']>;
export type RulingJson = NonNullable<ItemJson['ruling']>;
export type DossierItemJson = ItemJson;
/** A request for more (yêu cầu bổ sung) sent to the commune, with its answer. */
export type ReworkRequestJson = z.infer<typeof ReworkSchema>;
/** The full picture of a dossier for one reader: what it may see, and what it may do now. */
export type DossierDetail = z.infer<typeof DossierDetailJson>;

/** The dossier fields that leave the server. */
export function presentDossier(d: Dossier) {
  return {
    id: d.id,
    unit_code: d.unitCode,
    framework_id: d.frameworkId,
    framework_version: d.frameworkVersion,
    round: d.round,
    state: d.state,
    state_label: stateLabels[d.state][0],
    locked: lockedStates.has(d.state),
    lock: lockOf(d.state),
    rework_rounds: d.reworkRounds,
    reopen_count: d.reopenCount,
    appraisal_round: d.appraisalRound,
    decision: d.decision,
    refusal_reason: d.refusalReason,
    revocation: d.revocation,
    created_by: d.createdBy,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
  };
}

/** The procedure record in the API's words (snake_case), with its checks in `lang`. */
function presentProcedure(p: ProcedureRecord, lang: Lang): DossierDetail['procedure'] {
  return {
    postings: p.postings,
    front_comments: p.frontComments,
    satisfaction: p.satisfaction,
    meeting: p.meeting && {
      date: p.meeting.date,
      attendees: p.meeting.attendees,
      votes_for: p.meeting.votesFor,
      votes_against: p.meeting.votesAgainst,
      votes_abstain: p.meeting.votesAbstain,
    },
    debt: p.debt,
    checks: checkProcedure(p).map((ch) => ({ step: ch.step, ok: ch.ok, message: render(ch.message, lang) })),
  };
}

function presentRuling(r: Ruling | undefined, view: DossierView): RulingJson | null {
  if (!r) return null;
  const out: RulingJson = {
    verdict: r.verdict,
    round: r.round,
    public_comment: r.publicComment,
    ruled_by: r.ruledBy,
    ruled_at: r.ruledAt,
  };
  if (view.internalNotes) out.internal_note = r.internalNote;
  return out;
}

/**
 * Reads a dossier for `actor` (needs dossier.read on its unit): engine status, self-assessment,
 * evidence and ruling per indicator, the procedure with its checks, rework requests, council
 * votes, history and the caller's abilities. A department reviewer sees only its criteria;
 * internal notes are left out for commune officers. Check messages are in `lang` (Vietnamese by default).
 */
export async function readDossier(
  db: Db,
  actor: Actor,
  opts: { dossierId: number; lang?: Lang },
): Promise<DossierDetail> {
  const d = await requireDossier(db, opts.dossierId);
  await requireAbility(db, actor, 'dossier.read', { unitCode: d.unitCode, frameworkId: d.frameworkId });
  const view = await dossierViewFor(db, actor, d);
  const { fw, items } = await dossierItems(db, d);
  const { unit, byCode } = await engineResults(db, d);
  const rulings = await latestRulings(db, d);
  const evidence = await listDossierEvidence(db, d.id);
  const selfRows = await db.query<SelfAssessmentJson & { indicator_code: string }>(
    `SELECT indicator_code, claim, explanation, computed_status, assessed_by, assessed_at::text AS assessed_at
     FROM dossier_self_assessments WHERE dossier_id = $1`,
    [d.id],
  );
  const self = new Map(selfRows.map(({ indicator_code, ...rest }) => [indicator_code, rest]));
  const itemJson = (code: string, name: string): DossierItemJson => {
    const e = byCode.get(code);
    return {
      code,
      name,
      engine: e
        ? { value: e.value, unit: e.unit, status: e.status, threshold: e.threshold, reason: e.reason }
        : null,
      self_assessment: self.get(code) ?? null,
      ruling: presentRuling(rulings.get(code), view),
      evidence: evidence.filter((l) => l.indicator_code === code),
    };
  };
  const criterionStatus = new Map((unit?.criteria ?? []).map((c) => [c.no, c.status]));
  const criteria = fw.compiled.criteria
    .filter((c) => seesCriterion(view, c.no))
    .map((c) => ({
      no: c.no,
      name: c.name,
      status: criterionStatus.get(c.no) ?? null,
      indicators: items.filter((i) => i.criterionNo === c.no).map((i) => itemJson(i.code, i.name)),
    }));
  const conditions =
    view.criteria === 'all'
      ? items.filter((i) => i.criterionNo === null).map((i) => itemJson(i.code, i.name))
      : [];
  const procedure = await readProcedure(db, d.id);
  const reworks = await db.query<ReworkRequestJson>(
    `SELECT round, deadline::text AS deadline, message, items, requested_by, requested_at::text AS requested_at,
       response, answered_at::text AS answered_at
     FROM dossier_rework_requests WHERE dossier_id = $1 ORDER BY round`,
    [d.id],
  );
  const history = await db.query<{
    from: DossierState | null;
    to: DossierState;
    note: string | null;
    actor: string;
    at: string;
  }>(
    `SELECT from_state AS "from", to_state AS "to", note, actor, at::text AS at
     FROM dossier_transitions WHERE dossier_id = $1 ORDER BY id`,
    [d.id],
  );
  const unitRow = await db.query<{ code: string; name: string; kind: string }>(
    'SELECT code, name, kind FROM units WHERE code = $1 ORDER BY valid_to DESC LIMIT 1',
    [d.unitCode],
  );
  const lang = opts.lang ?? 'vi';
  const { abilities, steps, rule_criteria, unavailable } = await dossierAbilities(
    db,
    actor,
    d,
    criteria.map((c) => c.no),
    lang,
  );
  const council = await councilTally(db, d.id);
  return {
    dossier: { ...presentDossier(d), unit: unitRow[0] ?? null },
    framework: { id: fw.meta.id, version: fw.meta.version, name: fw.meta.name },
    procedure: presentProcedure(procedure, lang),
    criteria,
    conditions,
    documents: evidence.filter((l) => l.document !== null),
    rework_requests: reworks.map((r) => ({
      ...r,
      items: r.items.filter((i) => seesCriterion(view, i.criterion)),
    })),
    council: {
      ...council,
      votes: council.votes.map((v) => ({
        voter: v.voter,
        vote: v.vote,
        comment: v.comment,
        voted_at: v.votedAt,
      })),
    },
    history,
    visible_criteria: view.criteria === 'all' ? 'all' : [...view.criteria].sort(),
    abilities,
    steps,
    rule_criteria,
    unavailable,
    next_actor: await whoActsNext(db, d, fw),
  };
}

/**
 * The unit's name on the last day of each dossier's round (a renamed or merged commune keeps the
 * name it had then); the latest name when the round is not a period or the unit had no row then.
 */
export async function unitNamesForRounds(
  db: Db,
  dossiers: Array<{ unitCode: string; round: string }>,
): Promise<Map<string, string>> {
  const codes = [...new Set(dossiers.map((d) => d.unitCode))];
  if (codes.length === 0) return new Map();
  const rows = await db.query<{ code: string; name: string; valid_from: string; valid_to: string }>(
    `SELECT code, name, valid_from::text AS valid_from, valid_to::text AS valid_to FROM units
     WHERE code = ANY($1) ORDER BY code, valid_to DESC`,
    [codes],
  );
  const out = new Map<string, string>();
  for (const d of dossiers) {
    const key = `${d.unitCode}|${d.round}`;
    const versions = rows.filter((r) => r.code === d.unitCode);
    const day = parsePeriod(d.round)?.end;
    const at = day ? versions.find((r) => r.valid_from <= day && r.valid_to >= day) : undefined;
    const name = (at ?? versions[0])?.name;
    if (name !== undefined) out.set(key, name);
  }
  return out;
}

export type DossierListEntry = ReturnType<typeof presentDossier> & { unit_name: string | null };

type ListFilters = { unitCode?: string; frameworkId?: string; round?: string; state?: string };

/** The dossiers matching the filters (at most 500, most recently changed first) that `actor` may read. */
async function readableDossiers(db: Db, actor: Actor, opts: ListFilters): Promise<Dossier[]> {
  const rows = await db.query<Parameters<typeof toDossier>[0]>(
    `SELECT ${dossierColumns} FROM dossiers
     WHERE ($1::text IS NULL OR unit_code = $1) AND ($2::text IS NULL OR framework_id = $2)
       AND ($3::text IS NULL OR round = $3) AND ($4::text IS NULL OR state = $4)
     ORDER BY updated_at DESC, id DESC LIMIT 500`,
    [opts.unitCode ?? null, opts.frameworkId ?? null, opts.round ?? null, opts.state ?? null],
  );
  const readable: Dossier[] = [];
  for (const d of rows.map(toDossier))
    if (await can(db, actor, 'dossier.read', { unitCode: d.unitCode, frameworkId: d.frameworkId }))
      readable.push(d);
  return readable;
}

/**
 * Dossiers matching the filters (at most 500, most recently changed first) that `actor` may read,
 * each with its unit's name as it stood in the dossier's round.
 */
export async function listDossiers(db: Db, actor: Actor, opts: ListFilters): Promise<DossierListEntry[]> {
  const readable = await readableDossiers(db, actor, opts);
  const names = await unitNamesForRounds(db, readable);
  return readable.map((d) => ({
    ...presentDossier(d),
    unit_name: names.get(`${d.unitCode}|${d.round}`) ?? null,
  }));
}

/**
 * The dossier list as the API answers it: listDossiers, each dossier with the workflow `steps` the
 * caller may take on it now — computed as the dossier read computes them (role AND state; ruling
 * on the criteria of the dossier's framework version, each version loaded once per list).
 */
export async function listDossiersWithSteps(
  db: Db,
  actor: Actor,
  opts: ListFilters,
): Promise<Array<DossierListEntry & { steps: DossierAbilities['steps'] }>> {
  const readable = await readableDossiers(db, actor, opts);
  const names = await unitNamesForRounds(db, readable);
  const criteriaOf = new Map<string, Promise<string[]>>();
  const frameworkCriteria = (d: Dossier) => {
    const key = `${d.frameworkId}@${d.frameworkVersion}`;
    if (!criteriaOf.has(key))
      criteriaOf.set(
        key,
        dossierItems(db, d).then(({ fw }) => fw.compiled.criteria.map((c) => c.no)),
      );
    return criteriaOf.get(key)!;
  };
  const out = [];
  for (const d of readable) {
    const criteria = stepAllowedIn('rule', d.state) ? await frameworkCriteria(d) : [];
    const { steps } = await dossierAbilities(db, actor, d, criteria);
    out.push({ ...presentDossier(d), unit_name: names.get(`${d.unitCode}|${d.round}`) ?? null, steps });
  }
  return out;
}
