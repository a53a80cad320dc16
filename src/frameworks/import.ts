import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { markAllRunsStale } from '../evaluations/runs.ts';
import { describeChange, diffFrameworks, type FrameworkChange } from './diff.ts';
import { definitionHash, type LoadResult, loadFrameworkFile, parseFramework } from './load.ts';
import type { FrameworkDefinition, Indicator, Part } from './schema.ts';

export interface FrameworkImportReport {
  id: string;
  /** The version stored (or that would be stored, on a dry run); the existing one when unchanged. */
  version: number;
  outcome: 'created' | 'new_version' | 'unchanged';
  changes: FrameworkChange[];
  summary: string[];
  warnings: string[];
}

function requireValid(result: LoadResult): { def: FrameworkDefinition; file: string } {
  if (!result.ok)
    throw new AppError(
      'INVALID_FRAMEWORK',
      `Tệp ${result.file}: ${result.errors.length} lỗi, không nhập / ${result.errors.length} problems, nothing imported`,
      result.errors.map((e) => ({ field: `${e.file}: ${e.path}`, message: e.message })),
    );
  return { def: result.def, file: result.file };
}

function measuresOf(def: FrameworkDefinition): Array<Indicator | Part> {
  const out: Array<Indicator | Part> = [];
  const visit = (i: Indicator | Part) => {
    if ('parts' in i && i.parts) i.parts.forEach(visit);
    else if (i.measure) out.push(i);
  };
  for (const c of def.criteria) c.indicators.forEach(visit);
  def.conditions.forEach(visit);
  return out;
}

/** Content identity regardless of the version number written in the file. */
function contentHash(def: FrameworkDefinition): string {
  return definitionHash({ ...def, version: 0 });
}

/**
 * Imports a framework file. A published version is immutable: a file whose content differs
 * from the latest stored version becomes a new version; the same content changes nothing.
 */
export async function importFramework(
  db: Db,
  opts: { path?: string; text?: string; fileName?: string; actor: string; dryRun?: boolean },
): Promise<FrameworkImportReport> {
  const loaded =
    opts.text !== undefined
      ? parseFramework(opts.text, opts.fileName ?? 'framework.yaml')
      : loadFrameworkFile(opts.path ?? '');
  const { def, file } = requireValid(loaded);
  return db.transaction(async (tx) => {
    const latest = (
      await tx.query<{ version: number; definition: FrameworkDefinition }>(
        'SELECT version, definition FROM frameworks WHERE id = $1 ORDER BY version DESC LIMIT 1',
        [def.id],
      )
    )[0];
    const changes = diffFrameworks(latest?.definition ?? null, def);
    if (latest && contentHash(latest.definition) === contentHash(def))
      return {
        id: def.id,
        version: latest.version,
        outcome: 'unchanged' as const,
        changes: [],
        summary: [`Bộ tiêu chí ${def.id} phiên bản ${latest.version} không thay đổi / unchanged`],
        warnings: [],
      };

    // Measures are shared across frameworks: one type each.
    const measures = measuresOf(def);
    const stored = await tx.query<{ id: string; type: string }>(
      'SELECT id, type FROM measures WHERE id = ANY($1)',
      [measures.map((m) => m.measure)],
    );
    const storedType = new Map(stored.map((m) => [m.id, m.type]));
    const conflicts = measures.filter(
      (m) => storedType.has(m.measure!) && storedType.get(m.measure!) !== m.type,
    );
    if (conflicts.length > 0)
      throw new AppError(
        'MEASURE_TYPE_CONFLICT',
        `Tệp ${file}: số liệu đã có với kiểu khác / measures already exist with another type`,
        conflicts.map((m) => ({
          field: m.measure!,
          message: `đã lưu kiểu ${storedType.get(m.measure!)}, tệp khai báo ${m.type}`,
        })),
      );

    const warnings: string[] = [];
    const deps = new Set<string>();
    for (const i of [...def.criteria.flatMap((c) => c.indicators), ...def.conditions])
      if (i.derived)
        deps.add('children_met_share' in i.derived ? i.derived.children_met_share : i.derived.framework_met);
    for (const d of deps) {
      if (d === def.id) continue;
      const found = await tx.query('SELECT 1 FROM frameworks WHERE id = $1 LIMIT 1', [d]);
      if (found.length === 0)
        warnings.push(
          `Bộ tiêu chí ${d} (được tham chiếu) chưa được nhập / referenced framework not imported yet`,
        );
    }

    const version = latest ? Math.max(latest.version + 1, def.version) : def.version;
    if (latest && def.version <= latest.version)
      warnings.push(
        `Tệp ghi phiên bản ${def.version} nhưng phiên bản ${latest.version} đã ban hành và không sửa được: lưu thành phiên bản ${version} / stored as version ${version}`,
      );
    const stored_def: FrameworkDefinition = { ...def, version };
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

    await tx.query(
      `INSERT INTO frameworks (id, version, status, name, applies_to, valid_from, valid_to, definition, content_hash,
         source_file, imported_by)
       VALUES ($1, $2, 'published', $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        def.id,
        version,
        def.name,
        def.applies_to,
        def.valid.from,
        def.valid.to,
        JSON.stringify(stored_def),
        definitionHash(stored_def),
        file,
        opts.actor,
      ],
    );
    for (const m of measures) {
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
    await markAllRunsStale(tx);
    return report;
  });
}
