/**
 * Staff periods use the project's one period format (src/engine/periods.ts): a month `2026-03`,
 * a quarter `2026Q1`, a year `2026`. Which frame scores a period is chosen per period.
 */
import { type Actor, isSystemAdmin, requireSystemAdmin } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { type Period, periodLabel, requirePeriod } from '../engine/periods.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import { requireStaffFrame, type StaffFrame, staffFrames, unverifiedParts } from './frame.ts';

export const defaultFrameId = 'vn-nd335-2025';

/** The frame that scores a period (chosen per period; NĐ 335 unless set). */
export async function frameFor(db: Db, period: Period): Promise<StaffFrame> {
  const r = await db.query<{ frame_id: string }>(
    'SELECT frame_id FROM staff_period_frames WHERE period = $1',
    [period.code],
  );
  return requireStaffFrame(r[0]?.frame_id ?? defaultFrameId);
}

/** An administrator chooses the frame of a month or quarter; the frame must score that kind of period. */
export async function setPeriodFrame(
  db: Db,
  opts: { actor: Actor; period: string; frameId: string },
): Promise<void> {
  const { actor, frameId } = opts;
  const period = requirePeriod(opts.period);
  const frame = requireStaffFrame(frameId);
  if (period.kind === 'year' || !frame.period_kinds.includes(period.kind))
    throw new AppError(
      'INVALID_REQUEST',
      text(
        `Khung ${frameId} không dùng cho ${periodLabel(period.code)}`,
        `frame ${frameId} does not score ${periodLabel(period.code, 'en')}`,
      ),
      [{ field: 'frame_id', value: frameId, message: text('không dùng cho kỳ này', 'not for this period') }],
    );
  await db.transaction(async (tx) => {
    requireSystemAdmin(actor, ['chọn khung đánh giá cho kỳ', "choose a period's staff frame"]);
    await tx.query(
      'INSERT INTO staff_period_frames (period, frame_id) VALUES ($1, $2) ON CONFLICT (period) DO UPDATE SET frame_id = excluded.frame_id',
      [period.code, frameId],
    );
    await recordEvent(tx, {
      type: 'staff.period_frame_set',
      actor,
      data: { period: period.code, frame_id: frameId },
    });
  });
}

/** The frame of a period and whether the caller may change it (administrators only). */
export async function readPeriodFrame(db: Db, opts: { actor: Actor; period: string }) {
  const frame = await frameFor(db, requirePeriod(opts.period));
  return { frame_id: frame.id, abilities: { set_frame: isSystemAdmin(opts.actor) } };
}

/** Every frame, summarised, and whether the caller may choose frames. */
export function listStaffFrames(opts: { actor: Actor }) {
  return {
    frames: [...staffFrames().values()].map(frameSummary),
    abilities: { set_frame: isSystemAdmin(opts.actor) },
  };
}

/** What the pages show of a frame. */
export function frameSummary(frame: StaffFrame) {
  return {
    id: frame.id,
    name: frame.name,
    total_max: frame.total_max,
    components: frame.components.map((c) => ({
      key: c.key,
      kind: c.kind,
      name: c.name,
      max: c.max,
      criteria: c.kind === 'manual' ? c.criteria.map((x) => x.name) : [],
    })),
    bands: frame.bands.map((b) => ({ code: b.code, name: b.name, min: b.min })),
    disqualifying: frame.disqualifying,
    quota: frame.quota
      ? {
          band: frame.quota.band,
          max_pct: frame.quota.max_pct,
          of: frame.quota.of,
          scope: frame.quota.scope,
          verified: frame.quota.verified,
          note: frame.quota.note ?? null,
        }
      : null,
    unverified: unverifiedParts(frame),
  };
}
