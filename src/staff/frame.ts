/**
 * Staff evaluation frames (khung đánh giá cán bộ, công chức) are data: YAML files in
 * data/staff-frames/, validated here. Scoring (score.ts) reads only what a frame says.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { AppError, zodIssueMessage } from '../errors.ts';
import { text, zodText } from '../text.ts';

const LegalBasis = z.object({
  number: z.string(),
  date: z.string().optional(),
  issuer: z.string().optional(),
  effective: z.string().optional(),
  source_url: z.string().optional(),
});

const ManualComponent = z.object({
  key: z.string().regex(/^[a-z_]+$/),
  kind: z.literal('manual'),
  name: z.string(),
  name_en: z.string().optional(),
  max: z.number().positive(),
  scored_by: z.enum(['manager']),
  verified: z.boolean(),
  criteria: z.array(z.object({ name: z.string() })),
  note: z.string().optional(),
});

const TaskComponent = z.object({
  key: z.string().regex(/^[a-z_]+$/),
  kind: z.literal('tasks'),
  name: z.string(),
  name_en: z.string().optional(),
  max: z.number().positive(),
  /** Relative shares of quantity / quality / timeliness in `max` (normalised when scoring). */
  weights: z.object({
    quantity: z.number().nonnegative(),
    quality: z.number().nonnegative(),
    timeliness: z.number().nonnegative(),
  }),
  weights_verified: z.boolean(),
  weights_note: z.string().optional(),
  /** Per serious quality error, % of that product's quality points deducted (null: none). */
  quality_error_deduction_pct: z.number().min(0).max(100).nullable(),
  /** Per delay, % of that product's timeliness points deducted (null: a late product gets none). */
  delay_deduction_pct: z.number().min(0).max(100).nullable(),
  role_factors: z.object({ lead: z.number().positive(), collaborator: z.number().positive() }),
  role_factors_verified: z.boolean(),
  role_factors_note: z.string().optional(),
});

export const StaffFrame = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string(),
    name_en: z.string().optional(),
    legal_basis: z.array(LegalBasis).min(1),
    period_kinds: z.array(z.enum(['month', 'quarter'])).min(1),
    total_max: z.number().positive(),
    components: z.array(z.discriminatedUnion('kind', [ManualComponent, TaskComponent])).min(1),
    bands: z
      .array(
        z.object({ code: z.string(), name: z.string(), name_en: z.string().optional(), min: z.number() }),
      )
      .min(2),
    failing_band: z.string(),
    disqualifying: z.array(z.object({ code: z.string(), name: z.string() })),
    quota: z
      .object({
        band: z.string(),
        max_pct: z.number().min(0).max(100),
        /** The count the percentage is taken of: those at the next band or better, or everyone rated. */
        of: z.enum(['good_or_better', 'all_rated']),
        scope: z.enum(['unit', 'unit_task_group']),
        verified: z.boolean(),
        note: z.string().optional(),
      })
      .nullable(),
    rollup: z.object({ method: z.literal('mean'), verified: z.boolean(), note: z.string().optional() }),
  })
  .superRefine((f, ctx) => {
    const codes = f.bands.map((b) => b.code);
    for (let i = 1; i < f.bands.length; i++)
      if (f.bands[i]!.min >= f.bands[i - 1]!.min)
        ctx.addIssue({
          code: 'custom',
          path: ['bands', i, 'min'],
          message: zodText('các mức phải giảm dần', 'bands must descend'),
        });
    if (!codes.includes(f.failing_band))
      ctx.addIssue({ code: 'custom', path: ['failing_band'], message: `không có mức ${f.failing_band}` });
    if (f.quota && !codes.includes(f.quota.band))
      ctx.addIssue({ code: 'custom', path: ['quota', 'band'], message: `không có mức ${f.quota.band}` });
    if (f.quota && codes.indexOf(f.quota.band) === codes.length - 1)
      ctx.addIssue({
        code: 'custom',
        path: ['quota', 'band'],
        message: 'mức hạn chế không được là mức thấp nhất',
      });
    const sum = f.components.reduce((s, c) => s + c.max, 0);
    if (sum < f.total_max)
      ctx.addIssue({
        code: 'custom',
        path: ['components'],
        message: `tổng điểm thành phần ${sum} < ${f.total_max}`,
      });
    if (f.components.filter((c) => c.kind === 'tasks').length !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['components'],
        message: 'cần đúng một thành phần kết quả nhiệm vụ',
      });
  });
export type StaffFrame = z.infer<typeof StaffFrame>;
export type TaskComponent = z.infer<typeof TaskComponent>;
export type ManualComponent = z.infer<typeof ManualComponent>;

/** Values in a frame that are placeholders, not checked against the legal text (for reports and UI). */
export function unverifiedParts(f: StaffFrame): string[] {
  const out: string[] = [];
  for (const c of f.components) {
    if (c.kind === 'manual' && (!c.verified || c.note)) out.push(`${c.name}: ${c.note ?? 'chưa xác minh'}`);
    if (c.kind === 'tasks') {
      if (!c.weights_verified) out.push(`${c.name}: ${c.weights_note ?? 'tỷ trọng chưa xác minh'}`);
      if (!c.role_factors_verified)
        out.push(`${c.name}: ${c.role_factors_note ?? 'hệ số vai trò chưa xác minh'}`);
    }
  }
  if (f.quota && !f.quota.verified) out.push(`Hạn mức: ${f.quota.note ?? 'chưa xác minh'}`);
  if (!f.rollup.verified) out.push(`Tổng hợp: ${f.rollup.note ?? 'chưa xác minh'}`);
  return out;
}

export const staffFramesDir = join(import.meta.dirname, '..', '..', 'data', 'staff-frames');

/** Parses one frame file; invalid content throws FRAME_INVALID naming the path inside the file. */
export function parseStaffFrame(yaml: string, file: string): StaffFrame {
  const r = StaffFrame.safeParse(parse(yaml));
  if (!r.success)
    throw new AppError(
      'FRAME_INVALID',
      text(`Khung đánh giá ${file} không hợp lệ`, `invalid staff frame`),
      r.error.issues.map((i) => ({ field: i.path.join('.'), message: zodIssueMessage(i) })),
    );
  return r.data;
}

let cache: Map<string, StaffFrame> | null = null;

/** Every frame in data/staff-frames (read once). */
export function staffFrames(): Map<string, StaffFrame> {
  if (cache) return cache;
  const out = new Map<string, StaffFrame>();
  for (const f of readdirSync(staffFramesDir)
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    const frame = parseStaffFrame(readFileSync(join(staffFramesDir, f), 'utf8'), f);
    out.set(frame.id, frame);
  }
  cache = out;
  return out;
}

export function requireStaffFrame(id: string): StaffFrame {
  const f = staffFrames().get(id);
  if (!f)
    throw new AppError('FRAME_NOT_FOUND', text(`Không có khung đánh giá ${id}`, `no staff frame ${id}`));
  return f;
}
