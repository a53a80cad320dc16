/**
 * Recognitions made before TieuChi (Quyết định công nhận trước khi dùng TieuChi): the titles,
 * the signing authorities, and the answers of /api/past-recognitions (zod, snake_case).
 */
import { z } from '@hono/zod-openapi';
import { DateParam } from '../http/openapi.ts';
import { zodText } from '../text.ts';

/** The title a decision gives (danh hiệu); the unit's kind says xã or huyện. */
export const titles = ['ntm', 'ntm_nang_cao', 'ntm_kieu_mau', 'hoan_thanh_nhiem_vu'] as const;
export type Title = (typeof titles)[number];

/** Each title in words, as decisions write it (Vietnamese, English). */
export const titleNames: Record<Title, [vi: string, en: string]> = {
  ntm: ['đạt chuẩn nông thôn mới', 'meets the New Rural Development standard'],
  ntm_nang_cao: ['đạt chuẩn nông thôn mới nâng cao', 'meets the advanced New Rural standard'],
  ntm_kieu_mau: ['đạt chuẩn nông thôn mới kiểu mẫu', 'meets the model New Rural standard'],
  hoan_thanh_nhiem_vu: [
    'hoàn thành nhiệm vụ xây dựng nông thôn mới',
    'completed the New Rural Development task',
  ],
};

/** Who signs: the province's (city's) People's Committee, or the Prime Minister. */
export const authorities = ['ubnd_tinh', 'thu_tuong'] as const;
export type Authority = (typeof authorities)[number];

export const authorityNames: Record<Authority, [vi: string, en: string]> = {
  ubnd_tinh: ['UBND thành phố (tỉnh)', "the city's (province's) People's Committee"],
  thu_tuong: ['Thủ tướng Chính phủ', 'the Prime Minister'],
};

const Title = z
  .enum(titles)
  .openapi({ description: 'Danh hiệu: ntm, ntm_nang_cao, ntm_kieu_mau, hoan_thanh_nhiem_vu' });
const AuthorityEnum = z
  .enum(authorities)
  .openapi({ description: 'Cấp ký: ubnd_tinh (UBND thành phố/tỉnh) hoặc thu_tuong' });
const Year = z
  .number()
  .int()
  .min(1990, zodText('năm công nhận từ 1990', 'year from 1990'))
  .max(2100, zodText('năm công nhận không hợp lệ', 'invalid year'));
const Url = z
  .string()
  .max(1000)
  .regex(
    /^https?:\/\/\S+$/,
    zodText('nguồn phải là địa chỉ http(s)://', 'a source must be an http(s) address'),
  );

/** What an official types to record one decision. */
export const RecordBody = z.object({
  unit_code: z.string().min(1).max(40),
  /** The unit's name at the time (checked against the unit's history; default: from the history). */
  unit_name: z.string().min(1).max(200).nullish(),
  title: Title,
  year: Year.nullish(),
  decision_no: z.string().max(100).nullish().openapi({ description: 'Số hiệu; bỏ trống khi chưa rõ' }),
  decision_date: DateParam.nullish(),
  ceremony_date: DateParam.nullish().openapi({ description: 'Ngày lễ đón nhận (khi chỉ biết ngày này)' }),
  authority: AuthorityEnum,
  signer: z.string().max(200).nullish(),
  criteria_set: z.string().max(300).nullish().openapi({ description: 'Tên bộ tiêu chí áp dụng (chữ)' }),
  framework_id: z.string().max(100).nullish(),
  sources: z.array(Url).max(10).default([]),
  note: z.string().max(2000).nullish(),
});
export type RecordBody = z.infer<typeof RecordBody>;

/** Why a decision is removed from the register (kept in the audit; at least 5 characters). */
export const RemoveBody = z.object({ reason: z.string().max(1000) });

export const PastRecognition = z
  .object({
    id: z.number().int(),
    unit: z.object({
      code: z.string(),
      name: z.string().openapi({ description: 'Tên đơn vị tại thời điểm quyết định' }),
      valid_from: z.string().nullable(),
      kind: z.string().nullable(),
    }),
    title: Title,
    year: z.number().int().nullable(),
    decision_no: z.string().nullable().openapi({ description: 'null: chưa rõ số hiệu' }),
    decision_date: z.string().nullable(),
    ceremony_date: z.string().nullable(),
    authority: AuthorityEnum,
    signer: z.string().nullable(),
    criteria_set: z.string().nullable(),
    framework_id: z.string().nullable(),
    sources: z.array(z.string()),
    note: z.string().nullable(),
    recorded_by: z.string(),
    recorded_at: z.string(),
  })
  .openapi('PastRecognition', {
    description: 'Quyết định công nhận trước khi dùng TieuChi (không có hồ sơ)',
  });
export type PastRecognitionJson = z.infer<typeof PastRecognition>;

export const PastRecognitionList = z.object({ recognitions: z.array(PastRecognition) });

export const PastRecognitionImport = z
  .object({
    file: z.string(),
    rows: z.number().int(),
    committed: z.boolean().openapi({ description: 'false: chỉ kiểm tra (mode=check), chưa lưu' }),
    recognitions: z
      .array(PastRecognition)
      .openapi({ description: 'Các quyết định đã lưu (trống khi chỉ kiểm tra)' }),
  })
  .openapi('PastRecognitionImport');
