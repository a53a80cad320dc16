/**
 * Approved figures are locked: a write that would change one is refused (FIGURES_APPROVED, 409)
 * until the level above reopens them with a reason. Set-wise, one query per batch: a few typed
 * figures read `approvedFiguresSql` with their other checks in one statement (src/values/write.ts),
 * a staged import calls `assertStagedNotApproved`. Must run in the transaction that writes the figures.
 */
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';

export interface LockedFigure {
  unit_code: string;
  measure_id: string;
  period: string;
  framework_id: string;
  approved_by: string | null;
  /** Names officials know (for the refusal's message); null when not found. */
  unit_name: string | null;
  measure_name: string | null;
  framework_name: string | null;
}

/** Locked figures among the keys of `source` (a relation aliased k: unit_code, measure_id, period). */
export const approvedFiguresSql = (
  source: string,
) => `SELECT k.unit_code, k.measure_id, k.period, a.framework_id, a.approved_by,
    (SELECT u.name FROM units u WHERE u.code = k.unit_code ORDER BY u.valid_from DESC LIMIT 1) AS unit_name,
    (SELECT m.name FROM measures m WHERE m.id = k.measure_id) AS measure_name,
    (SELECT f.name FROM frameworks f WHERE f.id = a.framework_id AND f.version = a.framework_version) AS framework_name
  FROM ${source}
  JOIN figure_approvals a ON a.period = k.period AND a.unit_code = k.unit_code AND a.state = 'approved'
  JOIN framework_measures fm ON fm.framework_id = a.framework_id AND fm.version = a.framework_version
    AND fm.measure_id = k.measure_id
  LIMIT 1000`;

/** Throws FIGURES_APPROVED naming the locked figures `rows` (of approvedFiguresSql), if any. */
export function refuseApproved(rows: LockedFigure[]): void {
  if (rows.length > 0) throw lockedError(rows);
}

function lockedError(rows: LockedFigure[]): AppError {
  return new AppError(
    'FIGURES_APPROVED',
    text(
      `${rows.length} số liệu đã được cấp trên duyệt nên bị khóa; không có gì được lưu. Muốn sửa cần cấp trên mở lại (ghi lý do)`,
      `${rows.length} figure(s) are approved and locked; nothing was changed. The level above must reopen them first`,
    ),
    rows.slice(0, 100).map((r) => ({
      field: 'value',
      value: `${r.unit_name ?? r.unit_code} · ${r.measure_name ?? r.measure_id} · ${r.period}`,
      message: text(
        `đã duyệt theo bộ tiêu chí ${r.framework_name ?? r.framework_id}${r.approved_by ? ` (người duyệt: ${r.approved_by})` : ''}`,
        `approved under ${r.framework_id}`,
      ),
    })),
  );
}

/**
 * Refuses a staged import (src/imports/staging.ts: `table` rows of `batch`) when one of its
 * figures that changes the current one is approved.
 */
export async function assertStagedNotApproved(tx: Db, table: string, batch: number): Promise<void> {
  if (!/^[a-z_][a-z0-9_.]*$/.test(table)) throw new Error(`not a table name: ${table}`);
  const changed = `(SELECT r.unit_code, r.measure_id, r.period FROM ${table} r
    LEFT JOIN value_current c ON c.period = r.period AND c.unit_code = r.unit_code AND c.measure_id = r.measure_id
    WHERE r.batch = $1 AND (c.unit_code IS NULL OR c.num IS DISTINCT FROM r.num OR c.txt IS DISTINCT FROM r.txt
      OR c.na IS DISTINCT FROM r.na OR c.note IS DISTINCT FROM r.note)) k`;
  const rows = await tx.query<LockedFigure>(approvedFiguresSql(changed), [batch]);
  if (rows.length > 0) throw lockedError(rows);
}
