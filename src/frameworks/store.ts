import type { Db } from '../db/database.ts';
import { type CompiledFramework, compileFramework } from '../engine/framework.ts';
import { type Period, requirePeriod } from '../engine/periods.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import type { FrameworkDefinition } from './schema.ts';

export interface StoredFramework {
  id: string;
  version: number;
  status: string;
  name: string;
  validFrom: string;
  validTo: string;
  contentHash: string;
  importedAt: string;
  importedBy: string;
}

interface FrameworkRow {
  id: string;
  version: number;
  status: string;
  name: string;
  valid_from: string;
  valid_to: string;
  content_hash: string;
  imported_at: string;
  imported_by: string;
}

const columns = `id, version, status, name, valid_from::text AS valid_from, valid_to::text AS valid_to,
  content_hash, imported_at::text AS imported_at, imported_by`;

function present(r: FrameworkRow): StoredFramework {
  return {
    id: r.id,
    version: r.version,
    status: r.status,
    name: r.name,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    contentHash: r.content_hash,
    importedAt: r.imported_at,
    importedBy: r.imported_by,
  };
}

/** Compiled versions are immutable, so one compilation per process is enough (keyed by content hash). */
const compiled = new Map<string, { def: FrameworkDefinition; compiled: CompiledFramework }>();

async function compiledFor(
  db: Db,
  meta: StoredFramework,
): Promise<{ def: FrameworkDefinition; compiled: CompiledFramework }> {
  const key = `${meta.id}@${meta.version}@${meta.contentHash}`;
  let hit = compiled.get(key);
  if (!hit) {
    const rows = await db.query<{ definition: FrameworkDefinition }>(
      'SELECT definition FROM frameworks WHERE id = $1 AND version = $2',
      [meta.id, meta.version],
    );
    const def = rows[0]!.definition;
    hit = { def, compiled: compileFramework(def) };
    compiled.set(key, hit);
  }
  return hit;
}

/** The latest published version of every framework. */
export async function listFrameworks(db: Db): Promise<StoredFramework[]> {
  const rows = await db.query<FrameworkRow>(
    `SELECT DISTINCT ON (id) ${columns} FROM frameworks WHERE status = 'published' ORDER BY id, version DESC`,
  );
  return rows.map(present);
}

/** The latest published version of every framework, compiled (definitions parsed once per process). */
export async function latestFrameworks(db: Db): Promise<LoadedFramework[]> {
  const list = await listFrameworks(db);
  return Promise.all(list.map(async (meta) => ({ meta, ...(await compiledFor(db, meta)) })));
}

export async function listVersions(db: Db, id: string): Promise<StoredFramework[]> {
  const rows = await db.query<FrameworkRow>(
    `SELECT ${columns} FROM frameworks WHERE id = $1 ORDER BY version`,
    [id],
  );
  return rows.map(present);
}

export interface LoadedFramework {
  meta: StoredFramework;
  def: FrameworkDefinition;
  compiled: CompiledFramework;
}

/** Reads a framework version (the latest published when `version` is omitted) or throws FRAMEWORK_NOT_FOUND. */
export async function requireFramework(db: Db, id: string, version?: number): Promise<LoadedFramework> {
  const rows = await db.query<FrameworkRow>(
    version === undefined
      ? `SELECT ${columns} FROM frameworks WHERE id = $1 AND status = 'published' ORDER BY version DESC LIMIT 1`
      : `SELECT ${columns} FROM frameworks WHERE id = $1 AND version = $2`,
    version === undefined ? [id] : [id, version],
  );
  const row = rows[0];
  if (!row) {
    const known = (await listFrameworks(db)).map((f) => f.id);
    throw new AppError(
      'FRAMEWORK_NOT_FOUND',
      `Không có bộ tiêu chí "${id}"${version ? ` phiên bản ${version}` : ''} / framework not found. Có: ${known.join(', ') || '(chưa nhập bộ nào)'}`,
    );
  }
  const meta = present(row);
  return { meta, ...(await compiledFor(db, meta)) };
}

/** Like requireFramework, and checks that the framework is in force during the period. */
export async function requireFrameworkForPeriod(
  db: Db,
  id: string,
  periodCode: string,
): Promise<LoadedFramework & { period: Period }> {
  const period = requirePeriod(periodCode);
  const fw = await requireFramework(db, id);
  if (period.end < fw.meta.validFrom || period.start > fw.meta.validTo)
    throw new AppError(
      'FRAMEWORK_NOT_IN_FORCE',
      text(
        `Bộ tiêu chí ${id} có hiệu lực từ ${fw.meta.validFrom} đến ${fw.meta.validTo}, không áp dụng cho kỳ ${period.code}`,
        `not in force in ${period.code}`,
      ),
    );
  return { ...fw, period };
}
