import type { Db } from '../db/database.ts';

/**
 * For each unit code, the codes a grant may be rooted at to cover it: the unit itself, its
 * ancestors in the tree valid on `date`, and the ancestors it had at the end of its last
 * validity interval (a merged commune stays reachable from the district it sat under).
 * One recursive query, however many units.
 */
export async function coveringCodes(
  db: Db,
  codes: string[],
  date: string,
): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>(codes.map((c) => [c, new Set([c])]));
  if (codes.length === 0) return out;
  const rows = await db.query<{ origin: string; codes: string[] }>(
    `WITH RECURSIVE seeds AS (
       SELECT code AS origin, $2::date AS d FROM unnest($1::text[]) AS t(code)
       UNION
       (SELECT DISTINCT ON (code) code, valid_to FROM units WHERE code = ANY($1) ORDER BY code, valid_from DESC)
     ), chain AS (
       SELECT s.origin, s.d, u.code, u.parent_code, 0 AS depth
         FROM seeds s JOIN units u ON u.code = s.origin AND u.valid_from <= s.d AND u.valid_to >= s.d
       UNION ALL
       SELECT c.origin, c.d, p.code, p.parent_code, c.depth + 1
         FROM chain c JOIN units p ON p.code = c.parent_code AND p.valid_from <= c.d AND p.valid_to >= c.d
        WHERE c.depth < 12
     )
     SELECT origin, array_agg(DISTINCT code) AS codes FROM chain GROUP BY origin`,
    [codes, date],
  );
  for (const r of rows) for (const c of r.codes) out.get(r.origin)?.add(c);
  return out;
}
