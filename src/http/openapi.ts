import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { zodText } from '../text.ts';
import { ErrorBody, validationHook } from './errors.ts';

/** A feature router: OpenAPI-described routes whose validation failures use the error JSON. */
export function createRouter(): OpenAPIHono {
  return new OpenAPIHono({ defaultHook: validationHook });
}

const errorTexts: Record<number, string> = {
  400: 'Dữ liệu vào không hợp lệ (INVALID_REQUEST, INVALID_PERIOD, …)',
  404: 'Không tìm thấy (*_NOT_FOUND, UNIT_NOT_IN_PERIOD)',
  409: 'Trái quy trình hoặc dữ liệu không sửa được (IMPORT_HAS_ERRORS, *_ALREADY_*)',
  401: 'Cần đăng nhập (AUTH_REQUIRED, LOGIN_FAILED)',
  403: 'Không có quyền (FORBIDDEN) hoặc thiếu mã chống giả mạo (CSRF_REJECTED)',
  413: 'Nội dung hoặc tệp vượt quá giới hạn (PAYLOAD_TOO_LARGE)',
  429: 'Quá nhiều lần đăng nhập sai (LOGIN_RATE_LIMITED)',
};

/** A JSON response entry for createRoute. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** Error response entries for createRoute, e.g. `...errors(400, 404)`. */
export function errors<S extends 400 | 401 | 403 | 404 | 409 | 413 | 429>(...statuses: S[]) {
  const out = {} as Record<S, ReturnType<typeof json<typeof ErrorBody>>>;
  for (const s of statuses) out[s] = json(ErrorBody, errorTexts[s] ?? 'Lỗi');
  return out;
}

/** An .xlsx download response entry. */
export function xlsx(description: string) {
  return {
    description,
    content: {
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: z.string().openapi({ format: 'binary' }),
      },
    },
  };
}

export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends an .xlsx file as a download named `fileName`. */
export function sendXlsx(c: Context, data: Buffer, fileName: string): Response {
  const ascii = fileName.normalize('NFD').replace(/[^\x20-\x7e]/g, '_');
  return c.body(new Uint8Array(data), 200, {
    'Content-Type': xlsxType,
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
  });
}

/** Who is acting: the `X-User` header (until accounts exist), else "web". */
export function actorOf(c: Context): string {
  const h = c.req.header('x-user')?.trim();
  return h ? h.slice(0, 100) : 'web';
}

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;
function isIsoDate(s: string): boolean {
  if (!isoDatePattern.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** A date query parameter (YYYY-MM-DD), checked to be a real date. */
export const DateParam = z
  .string()
  .refine(isIsoDate, zodText('ngày phải có dạng YYYY-MM-DD', 'date must be YYYY-MM-DD'))
  .openapi({ example: '2024-12-31', description: 'Ngày hiệu lực (YYYY-MM-DD)' });

/** A period query parameter; its form is checked by the use case (400 INVALID_PERIOD). */
export const PeriodParam = z
  .string()
  .min(1)
  .openapi({ example: '2024', description: 'Kỳ: 2024, 2024Q3 hoặc 2024-07' });

export const CodeParam = z.string().min(1).max(40);

/** Offset paging of a list's query: `limit` (1–500, default 100) and `offset`; the answer says `total`. */
export const PageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(100)
    .openapi({ description: 'Số mục mỗi trang (tối đa 500)' }),
  offset: z.coerce.number().int().min(0).default(0).openapi({ description: 'Bỏ qua bao nhiêu mục' }),
};

const vietnamDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });

/** Today's date in Vietnam (YYYY-MM-DD): the default date of unit trees. */
export function today(): string {
  return vietnamDate.format(new Date());
}

/**
 * A JSON value of bounded depth (a changed field of a framework definition: a name, a threshold,
 * a list of legal texts, the parts of an indicator…). Each level is a named component, so the
 * document grows linearly with the depth; deeper values are not expected (definitions are ≤ 6 deep).
 */
function jsonLevel(depth: number): z.ZodType<JsonValue> {
  const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
  if (depth === 0) return scalar.openapi('JsonScalar');
  const inner = jsonLevel(depth - 1);
  return z.union([scalar, z.array(inner), z.record(z.string(), inner)]).openapi(`JsonValue${depth}`);
}
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export const JsonValue = jsonLevel(7);
