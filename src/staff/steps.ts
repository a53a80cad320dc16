/**
 * The steps of a period's evaluation: self-assessment → direct manager → head decides (with the
 * quota), each change of a proposed score with a written reason and an audit event; the person
 * sees the explanation and may comment. Each step is guarded by the table in workflow.ts, inside
 * its transaction.
 */
import type { Actor } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { requirePeriod } from '../engine/periods.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import { relations } from './access.ts';
import { evaluateUnit, loadEvaluation, type Manual } from './evaluations.ts';
import type { StaffFrame } from './frame.ts';
import { frameFor } from './periods.ts';
import { requireEvaluationStep } from './workflow.ts';

type ManualInput = Record<string, number | null>;

/** The manual points as the frame defines them: known manual components, each within 0–max. */
function requireManual(frame: StaffFrame, manual: ManualInput, field: string): Manual {
  const out: Manual = {};
  for (const [k, v] of Object.entries(manual)) {
    if (v === null || v === undefined) continue;
    const c = frame.components.find((x) => x.key === k && x.kind === 'manual');
    if (!c)
      throw new AppError(
        'INVALID_REQUEST',
        text(
          `Khung ${frame.id} không có thành phần chấm tay "${k}"`,
          `frame ${frame.id} has no manual part "${k}"`,
        ),
        [{ field: `${field}.${k}`, message: text('không có trong khung', 'not in the frame') }],
      );
    if (!(v >= 0 && v <= c.max))
      throw new AppError(
        'INVALID_REQUEST',
        text(`${c.name}: điểm ${v} ngoài khoảng 0–${c.max}`, `${k}: ${v} is outside 0–${c.max}`),
        [{ field: `${field}.${k}`, value: String(v), message: `0–${c.max}` }],
      );
    out[k] = v;
  }
  return out;
}

function changedKeys(before: Manual | null | undefined, after: Manual): string[] {
  if (!before) return [];
  return Object.keys(after).filter((k) => before[k] !== undefined && before[k] !== after[k]);
}

function requireReason(keys: string[], reason: string | null | undefined, who: [vi: string, en: string]) {
  if (keys.length > 0 && !reason?.trim())
    throw new AppError(
      'REASON_REQUIRED',
      text(
        `Thay đổi điểm đề xuất (${keys.join(', ')}) cần ghi lý do (${who[0]})`,
        `changing proposed points (${keys.join(', ')}) needs a reason (${who[1]})`,
      ),
      keys.map((k) => ({ field: k, message: text('cần lý do', 'reason required') })),
    );
}

async function relationTo(db: Db, actor: Actor, personId: number) {
  return (await relations(db, actor, [personId])).get(personId)!;
}

/** Step 1: the person proposes the manual points (e.g. the general criteria) and a note. */
export async function selfAssessStaffEvaluation(
  db: Db,
  opts: { actor: Actor; personId: number; period: string; manual: ManualInput; note?: string | null },
): Promise<void> {
  const { actor, personId } = opts;
  const period = requirePeriod(opts.period);
  await db.transaction(async (tx) => {
    const e = await loadEvaluation(tx, personId, period, { forUpdate: true });
    requireEvaluationStep('self_assess', e?.state ?? 'draft', await relationTo(tx, actor, personId), {
      actor,
      personId,
      period: period.code,
    });
    const frame = await frameFor(tx, period);
    const m = requireManual(frame, opts.manual, 'manual');
    await tx.query(
      `INSERT INTO staff_evaluations (person_id, period, frame_id, state, self_manual, self_note) VALUES ($1, $2, $3, 'self_assessed', $4, $5)
       ON CONFLICT (person_id, period) DO UPDATE SET state = 'self_assessed', self_manual = excluded.self_manual, self_note = excluded.self_note, updated_at = now()`,
      [personId, period.code, frame.id, JSON.stringify(m), opts.note ?? null],
    );
    await recordEvent(tx, {
      type: 'staff.self_assessed',
      actor,
      data: { person_id: personId, period: period.code, manual: m, note: opts.note ?? null },
    });
  });
}

/** Step 2: the assigner / direct manager scores; a change of the self-proposed points needs a reason. */
export async function reviewStaffEvaluation(
  db: Db,
  opts: {
    actor: Actor;
    personId: number;
    period: string;
    manual: ManualInput;
    disqualifying?: string[];
    reason?: string | null;
  },
): Promise<void> {
  const { actor, personId } = opts;
  const period = requirePeriod(opts.period);
  await db.transaction(async (tx) => {
    const e = await loadEvaluation(tx, personId, period, { forUpdate: true });
    requireEvaluationStep('review', e?.state ?? 'draft', await relationTo(tx, actor, personId), {
      actor,
      personId,
      period: period.code,
    });
    const frame = await frameFor(tx, period);
    const m = requireManual(frame, opts.manual, 'manual');
    for (const [i, d] of (opts.disqualifying ?? []).entries())
      if (!frame.disqualifying.some((x) => x.code === d))
        throw new AppError(
          'INVALID_REQUEST',
          text(`Khung ${frame.id} không có trường hợp "${d}"`, `frame ${frame.id} has no case "${d}"`),
          [
            {
              field: `disqualifying[${i}]`,
              value: d,
              message: text('không có trong khung', 'not in the frame'),
            },
          ],
        );
    const keys = changedKeys(e?.self_manual, m);
    requireReason(keys, opts.reason, ['người quản lý', 'manager']);
    await tx.query(
      `INSERT INTO staff_evaluations (person_id, period, frame_id, state, manager_manual, manager_reason, disqualifying) VALUES ($1, $2, $3, 'reviewed', $4, $5, $6)
       ON CONFLICT (person_id, period) DO UPDATE SET state = 'reviewed', manager_manual = excluded.manager_manual,
         manager_reason = excluded.manager_reason, disqualifying = excluded.disqualifying, updated_at = now()`,
      [personId, period.code, frame.id, JSON.stringify(m), opts.reason ?? null, opts.disqualifying ?? []],
    );
    await recordEvent(tx, {
      type: keys.length > 0 ? 'staff.score_changed' : 'staff.reviewed',
      actor,
      data: {
        person_id: personId,
        period: period.code,
        step: 'manager',
        from: e?.self_manual ?? null,
        to: m,
        reason: opts.reason ?? null,
        disqualifying: opts.disqualifying ?? [],
      },
    });
  });
}

/**
 * Step 3: the head decides for people of one node (batch approval), optionally changing the
 * manager's points with a reason; the quota is applied and the explained result stored.
 */
export async function approveStaffEvaluations(
  db: Db,
  opts: {
    actor: Actor;
    unit: string;
    period: string;
    personIds: number[];
    changes?: Record<number, { manual: ManualInput; reason: string }>;
  },
) {
  const { actor, unit, personIds } = opts;
  const period = requirePeriod(opts.period);
  if (personIds.length === 0)
    throw new AppError('INVALID_REQUEST', text('Chưa chọn cán bộ để phê duyệt', 'no person chosen'), [
      { field: 'person_ids', message: text('cần ít nhất một cán bộ', 'at least one') },
    ]);
  return db.transaction(async (tx) => {
    const frame = await frameFor(tx, period);
    const rels = await relations(tx, actor, personIds);
    for (const id of personIds) {
      const e = await loadEvaluation(tx, id, period, { forUpdate: true });
      requireEvaluationStep('approve', e?.state ?? 'draft', rels.get(id)!, {
        actor,
        personId: id,
        period: period.code,
      });
      const ch = opts.changes?.[id];
      if (!ch) continue;
      const m = requireManual(frame, ch.manual, `changes.${id}.manual`);
      const keys = changedKeys(e!.manager_manual, m);
      requireReason(keys, ch.reason, ['thủ trưởng', 'head']);
      await tx.query(
        'UPDATE staff_evaluations SET final_manual = $3, head_reason = $4 WHERE person_id = $1 AND period = $2',
        [id, period.code, JSON.stringify(m), ch.reason],
      );
      if (keys.length > 0)
        await recordEvent(tx, {
          type: 'staff.score_changed',
          actor,
          data: {
            person_id: id,
            period: period.code,
            step: 'head',
            from: e!.manager_manual,
            to: m,
            reason: ch.reason,
          },
        });
    }
    const { rows } = await evaluateUnit(tx, { actor, unit, period });
    const missing = personIds.filter((id) => !rows.some((r) => r.person.id === id));
    if (missing.length > 0)
      throw new AppError(
        'INVALID_REQUEST',
        text(
          `Cán bộ ${missing.join(', ')} không thuộc đơn vị ${unit}`,
          `person ${missing.join(', ')} is not in ${unit}`,
        ),
        missing.map((id) => ({
          field: 'person_ids',
          value: String(id),
          message: text('không thuộc đơn vị', 'not in the unit'),
        })),
      );
    const chosen = new Set(personIds);
    const out = [];
    for (const r of rows.filter((x) => chosen.has(x.person.id))) {
      if (r.score.total === null)
        throw new AppError(
          'INVALID_REQUEST',
          text(`${r.person.full_name}: chưa đủ điểm để phê duyệt`, `${r.person.full_name}: not fully scored`),
          [
            {
              field: 'person_ids',
              value: String(r.person.id),
              message: text('thiếu điểm', 'points missing'),
            },
          ],
        );
      await tx.query(
        `UPDATE staff_evaluations SET state = 'approved', total = $3, band = $4, proposed_band = $5, quota_reason = $6, explanation = $7, updated_at = now()
          WHERE person_id = $1 AND period = $2`,
        [
          r.person.id,
          period.code,
          r.score.total,
          r.band,
          r.score.band,
          r.quota.reason,
          JSON.stringify(r.score.lines),
        ],
      );
      await recordEvent(tx, {
        type: 'staff.approved',
        actor,
        data: {
          person_id: r.person.id,
          period: period.code,
          total: r.score.total,
          band: r.band,
          proposed_band: r.score.band,
          quota_reason: r.quota.reason,
        },
      });
      out.push({ person_id: r.person.id, total: r.score.total, band: r.band, quota_reason: r.quota.reason });
    }
    return out;
  });
}

/** The person comments on an approved result. */
export async function commentStaffEvaluation(
  db: Db,
  opts: { actor: Actor; personId: number; period: string; text: string },
): Promise<void> {
  const { actor, personId } = opts;
  const period = requirePeriod(opts.period);
  await db.transaction(async (tx) => {
    const e = await loadEvaluation(tx, personId, period, { forUpdate: true });
    requireEvaluationStep('comment', e?.state ?? 'draft', await relationTo(tx, actor, personId), {
      actor,
      personId,
      period: period.code,
    });
    await tx.query(
      'UPDATE staff_evaluations SET person_comment = $3, updated_at = now() WHERE person_id = $1 AND period = $2',
      [personId, period.code, opts.text],
    );
    await recordEvent(tx, {
      type: 'staff.commented',
      actor,
      data: { person_id: personId, period: period.code, text: opts.text },
    });
  });
}
