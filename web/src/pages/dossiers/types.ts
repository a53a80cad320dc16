// Shapes of /api/dossiers and /api/evidence (docs/api.md, "Dossiers" and "Evidence"); only what the UI reads.
import type { Status } from '../../api/types.ts';
import type { FieldInfo } from '../../offline/FieldPlace.tsx';
import type { NextActor } from './NextActor.tsx';

export type DossierState =
  | 'draft'
  | 'self_assessed'
  | 'submitted'
  | 'under_appraisal'
  | 'rework_requested'
  | 'resubmitted'
  | 'appraised'
  | 'recognised'
  | 'refused'
  | 'revoked';

export const dossierStates: DossierState[] = [
  'draft',
  'self_assessed',
  'submitted',
  'under_appraisal',
  'rework_requested',
  'resubmitted',
  'appraised',
  'recognised',
  'refused',
  'revoked',
];

export type DossierAbilities = Record<string, boolean>;

export interface Dossier {
  id: number;
  unit_code: string;
  framework_id: string;
  framework_version: number;
  round: string;
  state: DossierState;
  state_label: string;
  locked: boolean;
  rework_rounds: number;
  reopen_count: number;
  appraisal_round: number;
  decision: { no: string; date: string; signer: string; file: string | null } | null;
  refusal_reason: string | null;
  revocation: { no: string; date: string; reason: string } | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  abilities?: DossierAbilities;
  /** In the list only: the unit's name in the dossier's round. */
  unit_name?: string | null;
}

/** "Xã Đông (C4)", or the bare code when the name is unknown. */
export function unitLabel(code: string, name: string | null | undefined): string {
  return name ? `${name} (${code})` : code;
}

export interface EvidenceLink {
  link_id: number;
  sha256: string;
  file_name: string;
  indicator_code: string | null;
  document: string | null;
  file_type: string;
  media_type: string;
  size: number;
  linked_by: string;
  linked_at: string;
  /** A field photo's place, time, note and warnings. */
  field?: FieldInfo | null;
}

export interface Ruling {
  verdict: 'pass' | 'fail' | 'conditional';
  round: number;
  public_comment: string | null;
  internal_note?: string | null;
  ruled_by: string;
  ruled_at: string;
}

export interface DossierItem {
  code: string;
  name: string;
  engine: {
    value: unknown;
    unit: string | null;
    status: Status;
    threshold: string | null;
    reason: string | null;
  } | null;
  self_assessment: {
    claim: 'met' | 'not_met';
    explanation: string | null;
    computed_status: string;
    assessed_by: string;
    assessed_at: string;
  } | null;
  ruling: Ruling | null;
  evidence: EvidenceLink[];
}

export interface ProcedureCheck {
  step: string;
  ok: boolean;
  message: string;
}

export interface Procedure {
  postings: Array<{ date: string; place: string }>;
  frontComments: { date: string; summary: string } | null;
  satisfaction: { rate: number; surveyed: number | null; households: number | null } | null;
  meeting: {
    date: string;
    attendees: number;
    votesFor: number;
    votesAgainst: number;
    votesAbstain: number;
  } | null;
  debt: { date: string; outstanding: number; note: string | null } | null;
  checks: ProcedureCheck[];
}

export interface ReworkRequest {
  round: number;
  deadline: string;
  message: string | null;
  items: Array<{
    indicator: string;
    criterion: string | null;
    verdict: string;
    public_comment: string | null;
  }>;
  requested_by: string;
  requested_at: string;
  response: string | null;
  answered_at: string | null;
}

export interface DossierDetail {
  dossier: Dossier & { unit: { code: string; name: string; kind: string } | null };
  framework: { id: string; version: number; name: string };
  procedure: Procedure;
  criteria: Array<{ no: string; name: string; status: Status | null; indicators: DossierItem[] }>;
  conditions: DossierItem[];
  documents: EvidenceLink[];
  rework_requests: ReworkRequest[];
  council: {
    for: number;
    against: number;
    abstain: number;
    votes: Array<{ voter: string; vote: string; comment: string | null; votedAt: string }>;
  };
  history: Array<{ from: string | null; to: string; note: string | null; actor: string; at: string }>;
  visible_criteria: 'all' | string[];
  abilities: DossierAbilities;
  rule_criteria: string[];
  /** Who acts next on the dossier (src/dossiers/next-actor.ts). */
  next_actor: NextActor;
}

export interface RevocationFlags {
  framework: { id: string; version: number };
  period: string;
  key_criteria: string[] | null;
  units: Array<{
    unit: { code: string; name: string | null };
    dossier_id: number;
    round: string;
    decision: { no: string | null; date: string | null };
    flagged: boolean;
    reason: string;
  }>;
}

/** Where an evidence file of a dossier is served (inline, with its media type). */
export const evidenceUrl = (dossierId: number, sha256: string) =>
  `/api/evidence/${sha256}?dossier=${dossierId}`;

export const dossierHref = (id: number) => `/ho-so/${id}`;
