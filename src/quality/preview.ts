/**
 * Warnings at entry (cảnh báo khi nhập): what the quality rules say of a figure as it is typed,
 * before it is saved — the same rules as the warning list (issues.ts), never a refusal. The hard
 * rules (type, range) answer as the save would, so the form can say so before saving too.
 */
import { type Actor, requireRead } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { requirePeriod } from '../engine/periods.ts';
import type { InputIssue } from '../errors.ts';
import { checkValues, loadCatalog } from '../values/write.ts';
import { type FigureWarning, figureWarnings } from './issues.ts';

export interface FigurePreview {
  /** Why the save would refuse the figure (unknown indicator, not a number, out of range…). */
  refusals: InputIssue[];
  /** The soft rules the figure trips; they never block the save. */
  warnings: FigureWarning[];
}

/**
 * Checks a figure typed for `unitCode` (indicator: measure id or `framework:code`, as the values
 * API takes it) against the quality rules, reading the stored figures of the unit, of last year
 * and of its siblings. Needs full read access to the unit. `value` omitted: the stored figure.
 */
export async function previewFigureQuality(
  db: Db,
  opts: { actor: Actor; unitCode: string; indicator: string; period: string; value?: string },
): Promise<FigurePreview> {
  const period = requirePeriod(opts.period);
  await requireRead(db, opts.actor, { unitCode: opts.unitCode, date: period.end });
  const raw = {
    unitCode: opts.unitCode,
    indicator: opts.indicator,
    period: period.code,
    // Only the measure matters when the stored figure is checked: any well-formed value passes.
    value: opts.value ?? 'không áp dụng',
  };
  const { values, issues } = checkValues([raw], await loadCatalog(db, [opts.unitCode]));
  const checked = values[0];
  if (!checked) return { refusals: issues, warnings: [] };
  const warnings = await figureWarnings(db, {
    period: period.code,
    unitCode: opts.unitCode,
    measureId: checked.measureId,
    cell: opts.value === undefined ? null : checked.cell,
  });
  return { refusals: [], warnings };
}
