/**
 * Reading the register of recognitions made before TieuChi. A unit's decisions include those of
 * the units it was made from (the unit history's successors, followed back interval by interval):
 * Xã Phù Đổng after 1/7/2025 shows old Xã Phù Đổng's and Xã Yên Viên's NTM nâng cao 2020.
 */
import { type Actor, requireReadSomewhere } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { requireUnitChain } from '../units/read.ts';
import type { Authority, PastRecognitionJson, Title } from './schemas.ts';

interface Row {
  id: number;
  unit_code: string;
  unit_valid_from: string;
  unit_name: string;
  unit_kind: string | null;
  title: Title;
  recognition_year: number | null;
  decision_no: string | null;
  decision_date: string | null;
  ceremony_date: string | null;
  authority: Authority;
  signer: string | null;
  criteria_set: string | null;
  framework_id: string | null;
  sources: string[];
  note: string | null;
  recorded_by: string;
  recorded_at: string;
}

const columns = `r.id::int AS id, r.unit_code, r.unit_valid_from::text AS unit_valid_from, r.unit_name,
  (SELECT u.kind FROM units u WHERE u.code = r.unit_code AND u.valid_from = r.unit_valid_from) AS unit_kind,
  r.title, r.recognition_year, r.decision_no, r.decision_date::text AS decision_date,
  r.ceremony_date::text AS ceremony_date, r.authority, r.signer, r.criteria_set, r.framework_id, r.sources,
  r.note, r.recorded_by, r.recorded_at::text AS recorded_at`;

/** Newest first: by decision date, else ceremony date, else the end of the recognition year. */
const newestFirst = `coalesce(r.decision_date, r.ceremony_date, make_date(r.recognition_year, 12, 31)) DESC NULLS LAST, r.id DESC`;

function present(r: Row): PastRecognitionJson {
  return {
    id: r.id,
    unit: {
      code: r.unit_code,
      name: r.unit_name,
      valid_from: r.unit_valid_from === '0001-01-01' ? null : r.unit_valid_from,
      kind: r.unit_kind,
    },
    title: r.title,
    year: r.recognition_year,
    decision_no: r.decision_no,
    decision_date: r.decision_date,
    ceremony_date: r.ceremony_date,
    authority: r.authority,
    signer: r.signer,
    criteria_set: r.criteria_set,
    framework_id: r.framework_id,
    sources: r.sources ?? [],
    note: r.note,
    recorded_by: r.recorded_by,
    recorded_at: r.recorded_at,
  };
}

/**
 * The unit interval valid on `date` and every interval it was made from (depth-first through
 * successors; an earlier interval of the same code counts too). `partial`: only part of that unit
 * went this way (it had several successors); `depth` 0 is the unit itself.
 */
const lineageSql = `WITH RECURSIVE lineage(code, valid_from, partial, depth) AS (
    SELECT code, valid_from, false, 0 FROM units WHERE code = $1 AND valid_from <= $2 AND valid_to >= $2
    UNION
    SELECT p.code, p.valid_from, l.partial OR cardinality(p.successors) > 1, l.depth + 1
      FROM lineage l JOIN units p
        ON p.valid_to < l.valid_from
       AND (l.code = ANY(p.successors) OR (p.code = l.code AND cardinality(p.successors) = 0))
     WHERE l.depth < 12
  ),
  lines AS (
    SELECT DISTINCT ON (code, valid_from) code, valid_from, partial, depth FROM lineage
     ORDER BY code, valid_from, partial, depth
  )`;

/** A past decision as a unit's page shows it: whether it is a predecessor's, and whether only in part. */
export interface PastRecognitionOfUnit extends PastRecognitionJson {
  /** The decision named another unit (or this code under an earlier name) that became this one. */
  former: boolean;
  /** Only part of that unit became this one. */
  partial: boolean;
}

/**
 * The past decisions of the unit valid on `date` and of the units it was made from, newest first.
 * Public data (no actor): every field here may be shown to anyone.
 */
export async function unsafePastRecognitionsOfUnit(
  db: Db,
  opts: { code: string; date: string },
): Promise<PastRecognitionOfUnit[]> {
  const [self] = await requireUnitChain(db, opts.code, opts.date);
  const rows = await db.query<Row & { partial: boolean; depth: number }>(
    `${lineageSql}
     SELECT ${columns}, l.partial, l.depth FROM lines l
       JOIN past_recognitions r ON r.unit_code = l.code AND r.unit_valid_from = l.valid_from
     ORDER BY ${newestFirst}`,
    [opts.code, opts.date],
  );
  return rows.map((r) => ({
    ...present(r),
    former: r.depth > 0 && (r.unit_code !== self!.code || r.unit_name !== self!.name),
    partial: r.partial,
  }));
}

/**
 * The register for officials: every past decision (or those of `ids`, or of a unit and the units
 * it was made from), newest first. The register is public information: any account that reads
 * some unit may read it.
 */
export async function listPastRecognitions(
  db: Db,
  opts: { actor: Actor; unitCode?: string; date?: string },
): Promise<PastRecognitionJson[]> {
  requireReadSomewhere(opts.actor);
  if (opts.unitCode && opts.date)
    return unsafePastRecognitionsOfUnit(db, { code: opts.unitCode, date: opts.date });
  if (opts.unitCode) {
    const rows = await db.query<Row>(
      `SELECT ${columns} FROM past_recognitions r WHERE r.unit_code = $1 ORDER BY ${newestFirst}`,
      [opts.unitCode],
    );
    return rows.map(present);
  }
  return readPastRecognitions(db, {});
}

/** Stored decisions by id (all when none given), newest first: the presenter's input. */
export async function readPastRecognitions(db: Db, opts: { ids?: number[] }): Promise<PastRecognitionJson[]> {
  const rows = await db.query<Row>(
    `SELECT ${columns} FROM past_recognitions r ${opts.ids ? 'WHERE r.id = ANY($1::bigint[])' : ''}
     ORDER BY ${newestFirst}`,
    opts.ids ? [opts.ids] : [],
  );
  return rows.map(present);
}
