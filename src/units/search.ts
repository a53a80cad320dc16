import { type Actor, requireReadSomewhere } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import { foldVietnamese } from './search-name.ts';
import { toNode, type UnitNode, type UnitRow, unitColumns } from './tree.ts';

export interface UnitMatch extends UnitNode {
  /** Ancestors from the root down to the parent, as valid on the search date. */
  path: Array<{ code: string; name: string }>;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * Units valid on `date` whose name contains the query, ignoring diacritics and case
 * ("gia lam" finds "Huyện Gia Lâm"). Whole-name and word-start matches come first.
 */
export async function searchUnits(
  db: Db,
  opts: { q: string; date: string; limit: number; actor: Actor },
): Promise<UnitMatch[]> {
  requireReadSomewhere(opts.actor);
  const q = foldVietnamese(opts.q);
  if (!q)
    throw new AppError('INVALID_REQUEST', text('Cần nhập tên để tìm', 'a search text is required'), [
      { field: 'q', value: opts.q, message: text('thiếu nội dung tìm kiếm', 'empty search text') },
    ]);
  const like = escapeLike(q);
  const rows = await db.query<UnitRow>(
    `SELECT ${unitColumns} FROM units
     WHERE search_name LIKE $1 ESCAPE '\\' AND valid_from <= $2 AND valid_to >= $2
     ORDER BY CASE WHEN search_name = $3 OR search_name LIKE $4 ESCAPE '\\' THEN 0
                   WHEN search_name LIKE $5 ESCAPE '\\' OR search_name LIKE $6 ESCAPE '\\' THEN 1
                   ELSE 2 END,
              length(search_name), code
     LIMIT $7`,
    [`%${like}%`, opts.date, q, `% ${like}`, `${like}%`, `% ${like}%`, opts.limit],
  );
  const hits = rows.map(toNode);
  const names = await ancestorsOf(
    db,
    hits.flatMap((h) => (h.parentCode ? [h.parentCode] : [])),
    opts.date,
  );
  return hits.map((h) => {
    const path: Array<{ code: string; name: string }> = [];
    let code = h.parentCode;
    while (code && path.length < 10) {
      const p = names.get(code);
      if (!p) break;
      path.unshift({ code, name: p.name });
      code = p.parent;
    }
    return { ...h, path };
  });
}

/** Names and parents of the given units and all their ancestors, valid on `date`, in one query. */
async function ancestorsOf(
  db: Db,
  codes: string[],
  date: string,
): Promise<Map<string, { name: string; parent: string | null }>> {
  if (codes.length === 0) return new Map();
  const rows = await db.query<{ code: string; name: string; parent_code: string | null }>(
    `WITH RECURSIVE up AS (
       SELECT code, name, parent_code, 0 AS depth FROM units
       WHERE code = ANY($1) AND valid_from <= $2 AND valid_to >= $2
       UNION
       SELECT p.code, p.name, p.parent_code, up.depth + 1 FROM units p JOIN up ON p.code = up.parent_code
       WHERE p.valid_from <= $2 AND p.valid_to >= $2 AND up.depth < 10
     )
     SELECT DISTINCT code, name, parent_code FROM up`,
    [[...new Set(codes)], date],
  );
  return new Map(rows.map((r) => [r.code, { name: r.name, parent: r.parent_code }]));
}
