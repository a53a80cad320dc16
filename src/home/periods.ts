/** The home page's defaults: the unit a code stands for today, and the latest period with figures. */
import type { Db } from '../db/database.ts';
import { parsePeriod } from '../engine/periods.ts';
import type { LoadedFramework } from '../frameworks/store.ts';

export interface UnitToday {
  code: string;
  name: string;
  kind: string;
  parentCode: string | null;
  parentName: string | null;
}

/**
 * The unit a grant's code stands for on `date`: the code's own row valid then, or else (a commune
 * merged away) its successor's, followed through later mergers. Null when nothing is valid then.
 */
export async function unitOnDate(db: Db, code: string, date: string): Promise<UnitToday | null> {
  let codes = [code];
  const seen = new Set<string>();
  for (let depth = 0; depth < 6 && codes.length > 0; depth++) {
    const rows = await db.query<{
      code: string;
      name: string;
      kind: string;
      parent_code: string | null;
      parent_name: string | null;
    }>(
      `SELECT u.code, u.name, u.kind, u.parent_code, p.name AS parent_name FROM units u
       LEFT JOIN units p ON p.code = u.parent_code AND p.valid_from <= $2 AND p.valid_to >= $2
       WHERE u.code = ANY($1) AND u.valid_from <= $2 AND u.valid_to >= $2 ORDER BY u.code LIMIT 1`,
      [codes, date],
    );
    const r = rows[0];
    if (r)
      return {
        code: r.code,
        name: r.name,
        kind: r.kind,
        parentCode: r.parent_code,
        parentName: r.parent_name,
      };
    for (const c of codes) seen.add(c);
    const next = await db.query<{ successors: string[] }>(
      'SELECT DISTINCT ON (code) successors FROM units WHERE code = ANY($1) ORDER BY code, valid_to DESC',
      [codes],
    );
    codes = [...new Set(next.flatMap((n) => n.successors))].filter((c) => !seen.has(c));
  }
  return null;
}

/**
 * The latest period inside the framework's validity that has at least one figure the framework
 * reads (only for `units` when given): "the latest period with data". Null when there is none.
 */
export async function latestPeriodWithData(
  db: Db,
  fw: LoadedFramework,
  units?: string[],
): Promise<string | null> {
  const measures = fw.compiled.measures;
  if (measures.length === 0) return null;
  const rows = await db.query<{ period: string }>(
    `SELECT DISTINCT period FROM value_current
     WHERE measure_id = ANY($1) AND ($2::text[] IS NULL OR unit_code = ANY($2)) AND period ~ '^[0-9]{4}$'`,
    [measures, units ?? null],
  );
  const inForce = rows
    .map((r) => parsePeriod(r.period))
    .filter((p) => p !== null && p.end >= fw.meta.validFrom && p.start <= fw.meta.validTo)
    .sort((a, b) => (a!.end < b!.end ? 1 : -1));
  return inForce[0]?.code ?? null;
}
