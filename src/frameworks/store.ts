import type { Db } from '../db/database.ts';
import { type CompiledFramework, compileFramework } from '../engine/framework.ts';
import { type Period, requirePeriod } from '../engine/periods.ts';
import { AppError } from '../errors.ts';
import { listFor } from '../maps.ts';
import { text } from '../text.ts';
import type { FrameworkDefinition } from './schema.ts';

export interface StoredFramework {
  id: string;
  version: number;
  status: string;
  name: string;
  validFrom: string;
  validTo: string;
  /** From when this version governs (its `in_force.from`, else `valid.from`). */
  inForceFrom: string;
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
  in_force_from: string;
  content_hash: string;
  imported_at: string;
  imported_by: string;
}

const columns = `id, version, status, name, valid_from::text AS valid_from, valid_to::text AS valid_to,
  COALESCE(definition->'in_force'->>'from', valid_from::text) AS in_force_from,
  content_hash, imported_at::text AS imported_at, imported_by`;

function present(r: FrameworkRow): StoredFramework {
  return {
    id: r.id,
    version: r.version,
    status: r.status,
    name: r.name,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    inForceFrom: r.in_force_from,
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

/**
 * Drafts waiting to be published: the newest draft of each framework that is newer than its
 * latest published version (or that has none), as id → version.
 */
export async function pendingDrafts(db: Db): Promise<Map<string, number>> {
  const rows = await db.query<{ id: string; version: number }>(
    `SELECT d.id, max(d.version)::int AS version FROM frameworks d
     WHERE d.status = 'draft' AND d.version > coalesce(
       (SELECT max(p.version) FROM frameworks p WHERE p.id = d.id AND p.status = 'published'), 0)
     GROUP BY d.id`,
  );
  return new Map(rows.map((r) => [r.id, r.version]));
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

/**
 * Of published versions, the one in force on `date`: the latest `in_force.from` not after the
 * date (the higher version number on a tie); before every one, the earliest. Pure, for lists.
 */
export function pickInForce<T extends { meta: Pick<StoredFramework, 'status' | 'version' | 'inForceFrom'> }>(
  versions: T[],
  date: string,
): T | undefined {
  const published = versions.filter((v) => v.meta.status === 'published');
  const order = (a: T, b: T) =>
    a.meta.inForceFrom === b.meta.inForceFrom
      ? a.meta.version - b.meta.version
      : a.meta.inForceFrom < b.meta.inForceFrom
        ? -1
        : 1;
  const sorted = [...published].sort(order);
  const started = sorted.filter((v) => v.meta.inForceFrom <= date);
  return started.at(-1) ?? sorted[0];
}

/** The published version of a framework in force on `date` (see pickInForce), or null. */
export async function frameworkInForce(db: Db, id: string, date: string): Promise<LoadedFramework | null> {
  const rows = await db.query<LightFrameworkRow>(
    `SELECT ${lightColumns} FROM frameworks WHERE id = $1 AND status = 'published' ORDER BY version`,
    [id],
  );
  return (await inForceAmong(db, rows, date))[0] ?? null;
}

/** The columns of a published version without its definition (cheap: nothing detoasted). */
export type LightFrameworkRow = Omit<FrameworkRow, 'in_force_from'>;
const lightColumns = `id, version, status, name, valid_from::text AS valid_from, valid_to::text AS valid_to,
  content_hash, imported_at::text AS imported_at, imported_by`;

/**
 * SQL of one JSON array of every published version's light columns: for callers that read it
 * within a statement of their own (the live update reads it with the results it patches).
 */
export const publishedFrameworksJson = `(SELECT json_agg(json_build_object('id', id, 'version', version,
    'status', status, 'name', name, 'valid_from', valid_from::text, 'valid_to', valid_to::text,
    'content_hash', content_hash, 'imported_at', imported_at::text, 'imported_by', imported_by)
    ORDER BY id, version) FROM frameworks WHERE status = 'published')`;

/** Every framework, each at its published version in force on `date` (definitions parsed once per process). */
export async function frameworksInForce(db: Db, date: string): Promise<LoadedFramework[]> {
  // Every figure written calls this: the light columns only (no definition is read, which would
  // be detoasted for each row); `in_force.from` comes from the definition compiled once.
  const rows = await db.query<LightFrameworkRow>(
    `SELECT ${lightColumns} FROM frameworks WHERE status = 'published' ORDER BY id, version`,
  );
  return inForceAmong(db, rows, date);
}

/** Of published versions' light rows (ordered by id, version), each framework's version in force on `date`. */
export async function inForceAmong(
  db: Db,
  rows: LightFrameworkRow[],
  date: string,
): Promise<LoadedFramework[]> {
  const byId = new Map<string, LoadedFramework[]>();
  for (const r of rows) {
    const meta = present({ ...r, in_force_from: r.valid_from });
    const loaded = await compiledFor(db, meta);
    meta.inForceFrom = loaded.def.in_force?.from ?? r.valid_from;
    listFor(byId, r.id).push({ meta, ...loaded });
  }
  return [...byId.values()].map((list) => pickInForce(list, date)!);
}

/**
 * The version of a framework that judges a period: the one in force on the period's last day
 * (amendments take effect by date; earlier periods stay under the version in force then).
 * Throws when the framework does not exist or that version's validity misses the period.
 */
export async function requireFrameworkForPeriod(
  db: Db,
  id: string,
  periodCode: string,
): Promise<LoadedFramework & { period: Period }> {
  const period = requirePeriod(periodCode);
  const fw = (await frameworkInForce(db, id, period.end)) ?? (await requireFramework(db, id));
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
