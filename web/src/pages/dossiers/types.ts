// Shapes of /api/dossiers and /api/evidence: the generated contract (web/src/api/schema.d.ts)
// and, for the parts its schemas leave open, the server's own types (type-only imports).
import type { Schema } from '../../api/types.ts';
import { paths, pathTo } from '../../routes.ts';

export type { ProcedureCheck } from '../../../../src/dossiers/procedure-rules.ts';
export type {
  DossierDetail,
  DossierItemJson as DossierItem,
  ReworkRequestJson as ReworkRequest,
  RulingJson as Ruling,
} from '../../../../src/dossiers/read.ts';
export type { DossierState } from '../../../../src/dossiers/states.ts';
export type { EvidenceLink } from '../../../../src/evidence/read.ts';

import type { DossierDetail } from '../../../../src/dossiers/read.ts';
import type { revocationFlags } from '../../../../src/dossiers/revocation.ts';
import type { DossierState } from '../../../../src/dossiers/states.ts';

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

export type DossierAbilities = Schema<'DossierAbilities'>;

/** A dossier as listed (with its unit's name in the list only). */
export type Dossier = Schema<'Dossier'> & { abilities?: DossierAbilities; unit_name?: string | null };

export type Procedure = DossierDetail['procedure'];

/** GET /api/dossiers/revocation-flags (src/dossiers/revocation.ts). */
export type RevocationFlags = Awaited<ReturnType<typeof revocationFlags>>;

/** "Xã Đông (C4)", or the bare code when the name is unknown. */
export function unitLabel(code: string, name: string | null | undefined): string {
  return name ? `${name} (${code})` : code;
}

/** Where an evidence file of a dossier is served (inline, with its media type). */
export const evidenceUrl = (dossierId: number, sha256: string) =>
  `/api/evidence/${sha256}?dossier=${dossierId}`;

export const dossierHref = (id: number) => pathTo(paths.dossier, { id });
