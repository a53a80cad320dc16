/**
 * The approval steps of routine figures, one use case each: a unit submits a period's figures
 * under a framework, the level above approves them in bulk or returns them with a reason, and
 * reopens approved figures with a reason. Each step is checked against the transition table
 * (steps.ts) and the approving role (approvers.ts), stored and audited in one transaction.
 */
import type { Actor } from '../access/index.ts';
import { recordEvents } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { requireFrameworkForPeriod } from '../frameworks/store.ts';
import { text } from '../text.ts';
import { loadTree } from '../units/tree.ts';
import { requireStepPermission } from './approvers.ts';
import { type CascadedReopen, reopenAbove } from './cascade.ts';
import { requireLowerLevelApproved, unitsWaitingBelow } from './levels.ts';
import { type ApprovalState, type ApprovalStep, approvalSteps, requireStep } from './steps.ts';

export interface ApprovalStepOptions {
  actor: Actor;
  frameworkId: string;
  period: string;
  unitCodes: string[];
  reason?: string | null;
}

export interface ApprovalStepResult {
  framework_id: string;
  period: string;
  state: ApprovalState;
  unit_codes: string[];
  /** Reopening: the approvals above that included the reopened figures, reopened with them. */
  reopened_above: CascadedReopen[];
}

/** A unit sends its figures of the period to the level above (from open, returned or reopened). */
export function submitFigures(db: Db, opts: ApprovalStepOptions): Promise<ApprovalStepResult> {
  return takeStep(db, 'submit', opts);
}

/**
 * The level above approves submitted figures, many units at once; approved figures are locked. A
 * unit waits for the level below: every unit under it the framework (or a framework it derives a
 * share from) applies to must be approved first (APPROVAL_WAITING_FOR_LOWER_LEVEL).
 */
export function approveFigures(db: Db, opts: ApprovalStepOptions): Promise<ApprovalStepResult> {
  return takeStep(db, 'approve', opts);
}

/** The level above sends submitted figures back with a reason; the unit corrects and resubmits. */
export function returnFigures(db: Db, opts: ApprovalStepOptions): Promise<ApprovalStepResult> {
  return takeStep(db, 'return', opts);
}

/**
 * The level above reopens approved figures with a reason; later changes read "đã thay đổi sau khi
 * duyệt". The approvals above that included them (a district's, a province's) are reopened with
 * them, naming the units below (cascade.ts).
 */
export function reopenFigures(db: Db, opts: ApprovalStepOptions): Promise<ApprovalStepResult> {
  return takeStep(db, 'reopen', opts);
}

async function takeStep(db: Db, step: ApprovalStep, opts: ApprovalStepOptions): Promise<ApprovalStepResult> {
  const fw = await requireFrameworkForPeriod(db, opts.frameworkId, opts.period);
  const { period } = fw;
  const codes = [...new Set(opts.unitCodes)];
  if (codes.length === 0)
    throw new AppError('INVALID_REQUEST', text('Chưa chọn đơn vị nào', 'no unit given'), [
      { field: 'unit_codes', message: text('cần ít nhất một đơn vị', 'at least one unit') },
    ]);
  const rule = approvalSteps[step];
  const reason = opts.reason?.trim() || null;
  return db.transaction(async (tx) => {
    const units = await tx.query<{ code: string; kind: string }>(
      `SELECT DISTINCT ON (code) code, kind FROM units
       WHERE code = ANY($1) AND valid_from <= $2 AND valid_to >= $3 ORDER BY code, valid_from DESC`,
      [codes, period.end, period.start],
    );
    const found = new Set(units.map((u) => u.code));
    const missing = codes.filter((c) => !found.has(c));
    if (missing.length > 0)
      throw new AppError(
        'UNIT_NOT_FOUND',
        text(
          `Không có đơn vị ${missing.slice(0, 10).join(', ')} trong kỳ ${period.code}`,
          `unknown unit(s) in ${period.code}`,
        ),
        missing.map((c) => ({
          field: 'unit_codes',
          value: c,
          message: text('không có đơn vị này', 'unknown unit'),
        })),
      );
    const kinds = new Set<string>(fw.def.applies_to);
    const other = units.filter((u) => !kinds.has(u.kind));
    if (other.length > 0)
      throw new AppError(
        'APPROVAL_NOT_APPLICABLE',
        text(
          `Bộ tiêu chí ${fw.def.id} không áp dụng cho ${other.map((u) => u.code).join(', ')}`,
          `framework does not apply to these units`,
        ),
        other.map((u) => ({
          field: 'unit_codes',
          value: u.code,
          message: text(
            `loại đơn vị ${u.kind} không thuộc phạm vi bộ tiêu chí`,
            `kind ${u.kind} not covered`,
          ),
        })),
      );
    await requireStepPermission(tx, opts.actor, step, fw.def, units, period.end);
    const current = new Map(
      (
        await tx.query<{ unit_code: string; state: ApprovalState }>(
          `SELECT unit_code, state FROM figure_approvals
           WHERE framework_id = $1 AND period = $2 AND unit_code = ANY($3) FOR UPDATE`,
          [fw.def.id, period.code, codes],
        )
      ).map((r) => [r.unit_code, r.state]),
    );
    requireStep(
      step,
      codes.map((c) => ({ unitCode: c, state: current.get(c) ?? 'open' })),
      reason,
    );
    if (step === 'approve') {
      const tree = await loadTree(tx, period.end);
      const waiting = await unitsWaitingBelow(tx, { def: fw.def, period, tree, unitCodes: codes });
      // Units approved in this same call count as approved for the units above them.
      const inCall = new Set(codes);
      for (const [code, list] of waiting) {
        const left = list.filter((w) => w.framework_id !== fw.def.id || !inCall.has(w.unit_code));
        if (left.length > 0) waiting.set(code, left);
        else waiting.delete(code);
      }
      requireLowerLevelApproved(
        codes.map((c) => ({ code: c, name: tree.byCode.get(c)?.name ?? c })),
        waiting,
      );
    }
    await tx.query(
      `INSERT INTO figure_approvals (framework_id, framework_version, unit_code, period, state, reason, changed_by,
         approved_by, approved_at)
       SELECT $1, $2, u, $3, $4, $5, $6, CASE WHEN $7 THEN $6 END, CASE WHEN $7 THEN now() END
       FROM unnest($8::text[]) AS u
       ON CONFLICT (framework_id, period, unit_code) DO UPDATE SET state = EXCLUDED.state,
         framework_version = EXCLUDED.framework_version, reason = EXCLUDED.reason,
         changed_by = EXCLUDED.changed_by, changed_at = now(), reopened_below = NULL,
         approved_by = CASE WHEN $7 THEN EXCLUDED.approved_by ELSE figure_approvals.approved_by END,
         approved_at = CASE WHEN $7 THEN EXCLUDED.approved_at ELSE figure_approvals.approved_at END`,
      [
        fw.def.id,
        fw.meta.version,
        period.code,
        rule.to,
        reason,
        opts.actor.username,
        step === 'approve',
        codes,
      ],
    );
    await recordEvents(
      tx,
      codes.map((unitCode) => ({
        type: `figures.${rule.to}` as const,
        actor: opts.actor,
        unitCode,
        data: { framework_id: fw.def.id, period: period.code, reason },
      })),
    );
    const reopenedAbove =
      step === 'reopen'
        ? await reopenAbove(tx, {
            actor: opts.actor,
            frameworkId: fw.def.id,
            period,
            tree: await loadTree(tx, period.end),
            unitCodes: codes,
            reason,
          })
        : [];
    return {
      framework_id: fw.def.id,
      period: period.code,
      state: rule.to,
      unit_codes: codes,
      reopened_above: reopenedAbove,
    };
  });
}
