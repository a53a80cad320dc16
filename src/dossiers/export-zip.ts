/**
 * A dossier as one ZIP: the PDF summary, then the evidence files in one folder per criterion and
 * indicator, the procedure documents and the decision. Folder names are ASCII (diacritics folded)
 * so that every unzip tool shows them the same way; file names keep their extension by type.
 */
import yazl from 'yazl';
import { type Actor, requireAbility } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { type EvidenceType, extensions } from '../evidence/file-types.ts';
import type { EvidenceLink } from '../evidence/read.ts';
import type { FileStore } from '../evidence/storage.ts';
import { foldVietnamese } from '../units/search-name.ts';
import { readDossier } from './read.ts';
import { renderDossierSummary } from './summary-pdf.ts';

/** "Giao thông" → "giao-thong"; safe in a path on any system. */
export function slug(s: string, max = 40): string {
  return (
    foldVietnamese(s)
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, max) || 'x'
  );
}

/** A file name safe in a ZIP: no folders, ASCII only, the extension of its real type. */
function safeFileName(name: string, type: string): string {
  const ext = extensions[type as EvidenceType] ?? '';
  const stem = (name.split(/[\\/]/).pop() ?? '').replace(/\.[^.]*$/, '');
  return `${slug(stem, 80)}${ext}`;
}

/** Builds the ZIP of a dossier for `actor` (what it may read: a reviewer gets its criteria only). */
export async function exportDossierZip(
  db: Db,
  store: FileStore,
  actor: Actor,
  opts: { dossierId: number },
): Promise<{ fileName: string; bytes: Buffer }> {
  const detail = await readDossier(db, actor, opts);
  const d = detail.dossier;
  await requireAbility(db, actor, 'evidence.read', { unitCode: d.unit_code, frameworkId: d.framework_id });
  const zip = new yazl.ZipFile();
  zip.addBuffer(await renderDossierSummary(detail), 'tom-tat-ho-so.pdf');
  const used = new Set<string>();
  const add = async (folder: string, link: EvidenceLink) => {
    let path = `${folder}/${safeFileName(link.file_name, link.file_type)}`;
    if (used.has(path)) path = path.replace(/(\.[a-z]+)?$/, (ext) => `-${link.sha256.slice(0, 8)}${ext}`);
    used.add(path);
    zip.addBuffer(await store.get(link.sha256), path);
  };
  for (const c of detail.criteria)
    for (const i of c.indicators)
      for (const link of i.evidence)
        await add(`tieu-chi-${c.no.padStart(2, '0')}-${slug(c.name)}/${slug(i.code)}`, link);
  for (const i of detail.conditions)
    for (const link of i.evidence) await add(`dieu-kien/${slug(i.code)}`, link);
  for (const link of detail.documents)
    await add(
      ['decision', 'council_minutes', 'revocation'].includes(link.document!)
        ? `quyet-dinh/${link.document}`
        : `thu-tuc/${link.document}`,
      link,
    );
  zip.end();
  const chunks: Buffer[] = [];
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
  return { fileName: `ho-so-${d.id}-${slug(d.unit?.name ?? d.unit_code)}-${d.round}.zip`, bytes };
}
