import { type Actor, requireSystemAdmin } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { parsePeriod } from '../engine/periods.ts';
import { AppError } from '../errors.ts';
import { type Message, text } from '../text.ts';
import { describeChange, diffFrameworks, type FrameworkChange } from './diff.ts';
import { definitionHash, type LoadResult, loadFrameworkFile, parseFramework } from './load.ts';
import type { FrameworkDefinition, Indicator, Part } from './schema.ts';
import { pickInForce } from './store.ts';

export interface FrameworkImportReport {
  id: string;
  /** The version stored (or that would be stored, on a dry run); the existing one when unchanged. */
  version: number;
  outcome: 'created' | 'new_version' | 'unchanged';
  changes: FrameworkChange[];
  summary: Message[];
  warnings: Message[];
}

function requireValid(result: LoadResult): { def: FrameworkDefinition; file: string } {
  if (!result.ok)
    throw new AppError(
      'INVALID_FRAMEWORK',
      text(
        `Tệp ${result.file}: ${result.errors.length} lỗi, không nhập`,
        `${result.errors.length} problems, nothing imported`,
      ),
      result.errors.map((e) => ({ field: `${e.file}: ${e.path}`, message: e.message })),
    );
  return { def: result.def, file: result.file };
}

/** Every indicator or part that reads a measure, with its path in the definition. */
export function measuresOf(def: FrameworkDefinition): Array<{ item: Indicator | Part; path: PropertyKey[] }> {
  const out: Array<{ item: Indicator | Part; path: PropertyKey[] }> = [];
  const visit = (i: Indicator | Part, path: PropertyKey[]) => {
    if ('parts' in i && i.parts)
      i.parts.forEach((p, k) => {
        visit(p, [...path, 'parts', k]);
      });
    else if (i.measure) out.push({ item: i, path });
  };
  def.criteria.forEach((c, i) => {
    c.indicators.forEach((ind, j) => {
      visit(ind, ['criteria', i, 'indicators', j]);
    });
  });
  def.conditions.forEach((ind, j) => {
    visit(ind, ['conditions', j]);
  });
  return out;
}

/** Content identity regardless of the version number written in the file. */
export function contentHash(def: FrameworkDefinition): string {
  return definitionHash({ ...def, version: 0 });
}

/** The latest published version of a framework (drafts are left out). */
export async function latestPublished(
  db: Db,
  id: string,
): Promise<{ version: number; definition: FrameworkDefinition } | undefined> {
  const rows = await db.query<{ version: number; definition: FrameworkDefinition }>(
    `SELECT version, definition FROM frameworks WHERE id = $1 AND status = 'published'
     ORDER BY version DESC LIMIT 1`,
    [id],
  );
  return rows[0];
}

/** The version number a new version of `def` gets: after every stored one (drafts included). */
export async function nextVersion(db: Db, def: FrameworkDefinition): Promise<number> {
  const rows = await db.query<{ max: number | null }>(
    'SELECT max(version) AS max FROM frameworks WHERE id = $1',
    [def.id],
  );
  const max = rows[0]?.max ?? null;
  return max === null ? def.version : Math.max(max + 1, def.version);
}

/** Measures are shared across frameworks with one type each: those `def` declares with another type. */
export async function measureConflicts(
  db: Db,
  def: FrameworkDefinition,
): Promise<Array<{ measure: string; stored: string; declared: string; path: PropertyKey[] }>> {
  const measures = measuresOf(def);
  const stored = await db.query<{ id: string; type: string }>(
    'SELECT id, type FROM measures WHERE id = ANY($1)',
    [measures.map((m) => m.item.measure)],
  );
  const storedType = new Map(stored.map((m) => [m.id, m.type]));
  return measures
    .filter(({ item }) => storedType.has(item.measure!) && storedType.get(item.measure!) !== item.type)
    .map(({ item, path }) => ({
      measure: item.measure!,
      stored: storedType.get(item.measure!)!,
      declared: item.type!,
      path: [...path, 'type'],
    }));
}

/** Warnings for frameworks that `def` reads through derived indicators but are not published yet. */
export async function dependencyWarnings(db: Db, def: FrameworkDefinition): Promise<Message[]> {
  const warnings: Message[] = [];
  const deps = new Set<string>();
  for (const i of [...def.criteria.flatMap((c) => c.indicators), ...def.conditions])
    if (i.derived)
      deps.add('children_met_share' in i.derived ? i.derived.children_met_share : i.derived.framework_met);
  for (const d of deps) {
    if (d === def.id) continue;
    const found = await db.query("SELECT 1 FROM frameworks WHERE id = $1 AND status = 'published' LIMIT 1", [
      d,
    ]);
    if (found.length === 0)
      warnings.push(
        text(`Bộ tiêu chí ${d} (được tham chiếu) chưa được nhập`, `referenced framework not imported yet`),
      );
  }
  return warnings;
}

/**
 * Marks stale the stored runs of the periods the newly published `version` governs (the ones
 * whose last day falls in its force), so that they are re-evaluated under it on the next read;
 * runs of other periods stay as judged (history is never rewritten). Every framework's run of
 * such a period is marked, since frameworks that derive from this one read its results.
 * Returns the periods marked.
 */
async function markGovernedRunsStale(tx: Db, def: FrameworkDefinition, version: number): Promise<string[]> {
  const versions = (
    await tx.query<{ version: number; in_force_from: string }>(
      `SELECT version, COALESCE(definition->'in_force'->>'from', valid_from::text) AS in_force_from
       FROM frameworks WHERE id = $1 AND status = 'published'`,
      [def.id],
    )
  ).map((v) => ({ meta: { status: 'published', version: v.version, inForceFrom: v.in_force_from } }));
  const periods = (await tx.query<{ period: string }>('SELECT DISTINCT period FROM evaluation_runs')).map(
    (r) => r.period,
  );
  const governed = periods.filter((code) => {
    const p = parsePeriod(code);
    if (!p) return true;
    if (p.end < def.valid.from || p.start > def.valid.to) return false;
    return pickInForce(versions, p.end)?.meta.version === version;
  });
  if (governed.length > 0)
    await tx.query('UPDATE evaluation_runs SET stale = true WHERE NOT stale AND period = ANY($1)', [
      governed,
    ]);
  return governed;
}

/**
 * What publishing a version does besides its row: registers its measures (for value entry and
 * live re-evaluation) and marks stale the stored evaluations of the periods it governs, so the
 * next read judges them under it.
 */
export async function registerPublished(tx: Db, def: FrameworkDefinition, version: number): Promise<void> {
  for (const { item: m } of measuresOf(def)) {
    await tx.query(
      `INSERT INTO measures (id, type, unit, name) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
      [m.measure, m.type, m.unit ?? null, m.name],
    );
    await tx.query(
      `INSERT INTO framework_measures (framework_id, version, measure_id) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [def.id, version, m.measure],
    );
  }
  await markGovernedRunsStale(tx, def, version);
}

/** Stores one version row; a published one records who published it and when. */
export async function insertVersion(
  tx: Db,
  def: FrameworkDefinition,
  meta: { status: 'draft' | 'published'; file: string; actor: string },
): Promise<void> {
  const published = meta.status === 'published';
  await tx.query(
    `INSERT INTO frameworks (id, version, status, name, applies_to, valid_from, valid_to, definition, content_hash,
       source_file, imported_by, published_by, published_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, CASE WHEN $13::boolean THEN now() END)`,
    [
      def.id,
      def.version,
      meta.status,
      def.name,
      def.applies_to,
      def.valid.from,
      def.valid.to,
      JSON.stringify(def),
      definitionHash(def),
      meta.file,
      meta.actor,
      published ? meta.actor : null,
      published,
    ],
  );
}

/** What changing frameworks reads as in a refusal. */
export const frameworkChange: [string, string] = ['thay đổi bộ tiêu chí', 'change frameworks'];

/**
 * Imports a framework file. A published version is immutable: a file whose content differs
 * from the latest stored version becomes a new version; the same content changes nothing.
 */
export async function importFramework(
  db: Db,
  opts: { path?: string; text?: string; fileName?: string; actor: Actor; dryRun?: boolean },
): Promise<FrameworkImportReport> {
  const actor = opts.actor;
  requireSystemAdmin(actor, frameworkChange);
  const loaded =
    opts.text !== undefined
      ? parseFramework(opts.text, opts.fileName ?? 'framework.yaml')
      : loadFrameworkFile(opts.path ?? '');
  const { def, file } = requireValid(loaded);
  return db.transaction(async (tx) => {
    const latest = await latestPublished(tx, def.id);
    const changes = diffFrameworks(latest?.definition ?? null, def);
    if (latest && contentHash(latest.definition) === contentHash(def))
      return {
        id: def.id,
        version: latest.version,
        outcome: 'unchanged' as const,
        changes: [],
        summary: [text(`Bộ tiêu chí ${def.id} phiên bản ${latest.version} không thay đổi`, `unchanged`)],
        warnings: [],
      };

    const conflicts = await measureConflicts(tx, def);
    if (conflicts.length > 0)
      throw new AppError(
        'MEASURE_TYPE_CONFLICT',
        text(`Tệp ${file}: số liệu đã có với kiểu khác`, `measures already exist with another type`),
        conflicts.map((m) => ({
          field: m.measure,
          message: `đã lưu kiểu ${m.stored}, tệp khai báo ${m.declared}`,
        })),
      );
    const warnings = await dependencyWarnings(tx, def);

    // A draft may hold the next number: a published import goes after it.
    const version = await nextVersion(tx, def);
    if (version !== def.version)
      warnings.push(
        latest && def.version <= latest.version
          ? text(
              `Tệp ghi phiên bản ${def.version} nhưng phiên bản ${latest.version} đã ban hành và không sửa được: lưu thành phiên bản ${version}`,
              `stored as version ${version}`,
            )
          : text(
              `Tệp ghi phiên bản ${def.version} nhưng số này đã dùng cho một bản nháp: lưu thành phiên bản ${version}`,
              `stored as version ${version}`,
            ),
      );
    const summary = [
      latest
        ? `Bộ tiêu chí ${def.id}: phiên bản mới ${version} (trước: ${latest.version}), ${changes.length} thay đổi`
        : `Bộ tiêu chí ${def.id}: nhập mới phiên bản ${version} (${def.criteria.length} tiêu chí, ${def.criteria.reduce((n, c) => n + c.indicators.length, 0)} chỉ tiêu)`,
      ...(latest ? changes.map(describeChange) : []),
    ];
    const report: FrameworkImportReport = {
      id: def.id,
      version,
      outcome: latest ? 'new_version' : 'created',
      changes,
      summary,
      warnings,
    };
    if (opts.dryRun) return report;

    await insertVersion(tx, { ...def, version }, { status: 'published', file, actor: actor.username });
    await registerPublished(tx, def, version);
    await recordEvent(tx, {
      type: 'framework.imported',
      actor,
      data: { framework_id: def.id, version, outcome: latest ? 'new_version' : 'created', file },
    });
    return report;
  });
}
