// Shapes of /api/dossiers and /api/evidence: all from the generated contract
// (web/src/api/schema.d.ts, `npm run gen:api`); nothing here is typed by hand.
import type { Res, Schema } from '../../api/types.ts';
import { paths, pathTo } from '../../routes.ts';

export type DossierDetail = Schema<'DossierDetail'>;
export type DossierItem = Schema<'DossierItem'>;
export type ReworkRequest = Schema<'DossierReworkRequest'>;
export type Ruling = NonNullable<DossierItem['ruling']>;
export type DossierState = Schema<'Dossier'>['state'];
export type DossierSteps = Schema<'DossierSteps'>;
export type DossierStep = keyof DossierSteps;
export type EvidenceLink = Schema<'EvidenceLink'>;
export type Procedure = Schema<'DossierProcedure'>;
export type ProcedureCheck = Procedure['checks'][number];
/** A dossier as listed (with its unit's name in the round and the caller's workflow steps). */
export type Dossier = Res<'/dossiers'>['dossiers'][number];
/** GET /api/dossiers/revocation-flags */
export type RevocationFlags = Schema<'RevocationFlags'>;

// Every state of the server's list (src/dossiers/states.ts), in workflow order; a state added
// there fails to compile here until it is placed.
const stateOrder: Record<DossierState, true> = {
  draft: true,
  self_assessed: true,
  submitted: true,
  under_appraisal: true,
  rework_requested: true,
  resubmitted: true,
  appraised: true,
  recognised: true,
  refused: true,
  revoked: true,
};
export const dossierStates = Object.keys(stateOrder) as DossierState[];

/** "Xã Đông (C4)", or the bare code when the name is unknown. */
export function unitLabel(code: string, name: string | null | undefined): string {
  return name ? `${name} (${code})` : code;
}

/** Where an evidence file of a dossier is served (inline, with its media type). */
export const evidenceUrl = (dossierId: number, sha256: string) =>
  `/api/evidence/${sha256}?dossier=${dossierId}`;

export const dossierHref = (id: number) => pathTo(paths.dossier, { id });
