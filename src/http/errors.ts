import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, type InputIssue, presentIssues, zodIssueMessage } from '../errors.ts';
import { fieldLabel } from '../field-words.ts';
import { type Lang, langOfHeaders, type Message, render, text } from '../text.ts';

export const Issue = z
  .object({
    line: z.number().int().optional(),
    field: z.string().optional(),
    label: z
      .string()
      .optional()
      .openapi({ description: 'Trường bằng lời theo ngôn ngữ của yêu cầu, như "mã đơn vị" cho unit_code' }),
    value: z.string().optional(),
    message: z.string(),
  })
  .openapi('Issue', { description: 'Một lỗi của dữ liệu vào: dòng, trường, giá trị và lý do' });

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'UNIT_NOT_FOUND' }),
      message: z.string(),
      details: z.array(Issue),
    }),
  })
  .openapi('Error', { description: 'Lỗi với mã ổn định (code), thông điệp và chi tiết' });

/** Workflow and immutability violations: the request is well formed but the state refuses it. */
const conflictCodes = new Set([
  'IMPORT_HAS_ERRORS',
  'FRAMEWORK_DRAFT_OUTDATED',
  'MEASURE_TYPE_CONFLICT',
  'SURVEY_CLOSED',
  'SURVEY_NOT_OPEN',
  'SURVEY_HAS_ANSWERS',
  'STAFF_WRONG_STATE',
  'FIGURES_APPROVED',
  'WORKFLOW_STEP_NOT_ALLOWED',
  'APPROVAL_WAITING_FOR_LOWER_LEVEL',
  'VALUE_CONFLICT',
  'ALREADY_EXISTS',
]);

/** Account and permission refusals: 401 log in first, 403 not allowed, 429 slow down; 413 too large. */
const authStatuses: Record<string, ContentfulStatusCode> = {
  AUTH_REQUIRED: 401,
  LOGIN_FAILED: 401,
  FORBIDDEN: 403,
  CSRF_REJECTED: 403,
  LOGIN_RATE_LIMITED: 429,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
};

/** The HTTP status of a stable error code: 404 not found, 409 workflow / immutability, 401/403/429 accounts, else 400. */
export function statusForCode(code: string): ContentfulStatusCode {
  if (code === 'INTERNAL') return 500;
  const auth = authStatuses[code];
  if (auth) return auth;
  if (code.endsWith('_NOT_FOUND') || code === 'NOT_FOUND' || code.endsWith('_NOT_IN_PERIOD')) return 404;
  // Dossier workflow refusals (DOSSIER_NOT_SUBMITTED, DOSSIER_LOCKED, …) are all conflicts.
  if (code.includes('_ALREADY_') || code.startsWith('DOSSIER_') || conflictCodes.has(code)) return 409;
  return 400;
}

/** The language the request asks for (`X-Lang`, else `Accept-Language`; Vietnamese by default). */
export function requestLang(c: Context): Lang {
  return langOfHeaders((name) => c.req.header(name));
}

/** The error JSON, its message and details in the request's language. */
export function errorJson(c: Context, code: string, message: Message, details: readonly InputIssue[] = []) {
  const lang = requestLang(c);
  return c.json(
    { error: { code, message: render(message, lang), details: presentIssues(details, lang) } },
    statusForCode(code),
  );
}

/** Turns any thrown error into the error JSON; unexpected ones are logged and become 500 INTERNAL. */
export function handleError(err: Error, c: Context): Response {
  if (err instanceof AppError) return errorJson(c, err.code, err.text, err.details);
  if (err instanceof HTTPException && err.status < 500) {
    const code = err.status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INVALID_REQUEST';
    const message =
      err.status === 413
        ? text('Tệp hoặc nội dung gửi lên quá lớn', 'request body too large')
        : text(`Yêu cầu không hợp lệ: ${err.message}`, `invalid request: ${err.message}`);
    return c.json({ error: { code, message: render(message, requestLang(c)), details: [] } }, err.status);
  }
  const refused = constraintError(err);
  if (refused) return errorJson(c, refused.code, refused.text, refused.details);
  console.error(err);
  return errorJson(c, 'INTERNAL', text('Lỗi máy chủ', 'internal error'));
}

/**
 * A database refusal that a use case did not check first (a code that names nothing, a second
 * record with the same code) is the caller's input, not a server fault: 400 naming the field and
 * the value, or 409 for a duplicate. The change was rolled back with its transaction.
 */
function constraintError(err: Error): AppError | null {
  const e = err as Error & { code?: unknown; detail?: unknown };
  if (e.code !== '23503' && e.code !== '23505') return null;
  const m = /Key \(([^)]+)\)=\((.*)\)/.exec(typeof e.detail === 'string' ? e.detail : '');
  const field = m?.[1] ?? '';
  const value = m?.[2] ?? '';
  const [vi, en] = [fieldLabel(field, 'vi'), fieldLabel(field, 'en')];
  if (e.code === '23503')
    return new AppError(
      'INVALID_REQUEST',
      text(
        `Mã "${value}" (${vi}) không có trong hệ thống: không lưu gì`,
        `unknown ${en} "${value}": nothing saved`,
      ),
      [{ field, value, message: text('không có bản ghi với mã này', 'no record with this code') }],
    );
  return new AppError(
    'ALREADY_EXISTS',
    text(
      `Đã có bản ghi với ${vi} "${value}": không lưu gì`,
      `${en} "${value}" already exists: nothing saved`,
    ),
    [{ field, value, message: text('trùng với bản ghi đã có', 'duplicates an existing record') }],
  );
}

function fieldOf(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

/** zod validation failures become 400 INVALID_REQUEST, with one detail per bad field. */
export function validationHook(
  result: { success: true } | { success: false; error: z.ZodError; target: string },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  const details: InputIssue[] = result.error.issues.map((issue) => ({
    field: fieldOf(issue.path) || result.target,
    message: zodIssueMessage(issue),
  }));
  const fields = [...new Set(details.map((d) => d.field))].join(', ');
  return errorJson(
    c,
    'INVALID_REQUEST',
    text(`Tham số không hợp lệ: ${fields}`, `invalid request field(s): ${fields}`),
    details,
  );
}
