import { type Actor, requireAbility } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import { type FieldJsonT, type FieldRow, presentField } from './field.ts';
import type { FileStore } from './storage.ts';

/** One file linked to a dossier indicator or document, as the API presents it. */
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
  /** A field photo's place, time, note and flags (src/evidence/field.ts); null for other files. */
  field: FieldJsonT | null;
}

/**
 * Every evidence link of a dossier, by indicator / document, then name. Field photos carry their
 * place and time, flagged against the unit's recorded location (src/units/locations.ts) and the visit dates.
 */
export async function listDossierEvidence(db: Db, dossierId: number): Promise<EvidenceLink[]> {
  const rows = await db.query<Omit<EvidenceLink, 'field'> & FieldRow>(
    `SELECT l.id AS link_id, l.sha256, l.file_name, l.indicator_code, l.document, f.file_type, f.media_type,
       f.size::int AS size, l.linked_by, l.linked_at::text AS linked_at,
       l.lat, l.lng, l.position_source, l.field_note,
       to_char(l.taken_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS taken_at,
       u.lat AS unit_lat, u.lng AS unit_lng, d.visit_from::text AS visit_from, d.visit_to::text AS visit_to
     FROM evidence_links l JOIN evidence_files f ON f.sha256 = l.sha256
       JOIN dossiers d ON d.id = l.dossier_id
       LEFT JOIN unit_locations u ON u.unit_code = d.unit_code
     WHERE l.dossier_id = $1 ORDER BY l.document NULLS FIRST, l.indicator_code, l.file_name, l.id`,
    [dossierId],
  );
  return rows.map(
    ({
      lat,
      lng,
      position_source,
      field_note,
      taken_at,
      unit_lat,
      unit_lng,
      visit_from,
      visit_to,
      ...link
    }) => ({
      ...link,
      field: presentField({
        lat,
        lng,
        position_source,
        field_note,
        taken_at,
        unit_lat,
        unit_lng,
        visit_from,
        visit_to,
      }),
    }),
  );
}

/**
 * The bytes of one evidence file of a dossier, for download or preview. Needs evidence.read on the
 * dossier's unit, and the file must belong to the dossier (no reading other units' files by hash).
 */
export async function readEvidenceFile(
  db: Db,
  store: FileStore,
  actor: Actor,
  opts: { dossierId: number; sha256: string; visible?: (link: EvidenceLink) => boolean },
): Promise<{ bytes: Buffer; mediaType: string; fileName: string }> {
  const rows = await db.query<{ unit_code: string; framework_id: string }>(
    'SELECT unit_code, framework_id FROM dossiers WHERE id = $1',
    [opts.dossierId],
  );
  const d = rows[0];
  if (!d)
    throw new AppError('DOSSIER_NOT_FOUND', text(`Không có hồ sơ #${opts.dossierId}`, `dossier not found`));
  await requireAbility(db, actor, 'evidence.read', { unitCode: d.unit_code, frameworkId: d.framework_id });
  const links = (await listDossierEvidence(db, opts.dossierId)).filter(
    (l) => l.sha256 === opts.sha256 && (opts.visible?.(l) ?? true),
  );
  const link = links[0];
  if (!link)
    throw new AppError(
      'EVIDENCE_NOT_FOUND',
      text(
        `Hồ sơ #${opts.dossierId} không có tệp minh chứng ${opts.sha256.slice(0, 12)}…`,
        `evidence not in this dossier`,
      ),
    );
  return { bytes: await store.get(link.sha256), mediaType: link.media_type, fileName: link.file_name };
}
