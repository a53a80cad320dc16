/** Shapes of a target plan's parts, checked where they come in (API bodies, imports). */
import { z } from '@hono/zod-openapi';
import { zodText } from '../text.ts';
import { aggregations, defaultSettings, type PlanSettings } from './compute.ts';

export const IndicatorCode = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/,
    zodText('mã chỉ tiêu: chữ, số, dấu chấm, gạch (tối đa 40)', 'indicator code'),
  );

export const IndicatorInput = z
  .object({
    code: IndicatorCode.openapi({ example: 'KT.7' }),
    name: z.string().trim().min(1).max(300).openapi({ example: 'Thu ngân sách nhà nước trên địa bàn' }),
    unit: z.string().trim().min(1).max(60).openapi({ example: 'tỷ đồng' }),
    direction: z
      .enum(['higher', 'lower'])
      .openapi({ description: 'higher: càng cao càng tốt; lower: càng thấp càng tốt' }),
    aggregation: z
      .enum(aggregations as [string, ...string[]])
      .openapi({ description: 'sum | weighted_average | rate | last' }),
    weight_measure: z.string().trim().min(1).max(80).nullable().optional().openapi({
      description: 'Số liệu dùng làm trọng số (mặc định population cho rate)',
    }),
    measure_id: z.string().trim().min(1).max(80).optional().openapi({
      description: 'Mã số liệu chứa kết quả thực hiện (mặc định ktxh.<mã>)',
    }),
    frequency: z.enum(['month', 'quarter']).default('month'),
  })
  .openapi('TargetIndicatorInput');
export type IndicatorInput = z.infer<typeof IndicatorInput>;

export const Settings = z
  .object({
    on_track_ratio: z.number().positive().max(10).default(defaultSettings.onTrackRatio),
    at_risk_ratio: z.number().positive().max(10).default(defaultSettings.atRiskRatio),
    due_days: z.number().int().min(0).max(120).default(defaultSettings.dueDays),
    cutoff_days_before_end: z.number().int().min(0).max(27).default(defaultSettings.cutoffDaysBeforeEnd),
  })
  .refine((s) => s.at_risk_ratio <= s.on_track_ratio, {
    message: zodText(
      'ngưỡng "có nguy cơ" phải ≤ ngưỡng "đúng tiến độ"',
      'at_risk_ratio must be ≤ on_track_ratio',
    ),
    path: ['at_risk_ratio'],
  })
  .openapi('TargetPlanSettings');

/** The plan settings of a request body, as the use cases take them. */
export const settingsOf = (s: z.infer<typeof Settings>): PlanSettings => ({
  onTrackRatio: s.on_track_ratio,
  atRiskRatio: s.at_risk_ratio,
  dueDays: s.due_days,
  cutoffDaysBeforeEnd: s.cutoff_days_before_end,
});

export const Year = z.coerce.number().int().min(2000).max(2100);
