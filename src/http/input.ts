/**
 * The one input sanitizer: text that reaches the API — path, query, JSON or form body, form
 * fields and file names — must be valid UTF-8 without NUL characters (PostgreSQL refuses
 * U+0000 in text, and a replacement character would be stored as garbage). Anything else is a
 * 400 INVALID_TEXT naming the field, before a route sees it. (Headers: Node's HTTP parser
 * already refuses NUL and control characters in them.)
 */
import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../errors.ts';

function invalid(field: string, reason: string): AppError {
  const message = `Trường "${field}" ${reason}`;
  return new AppError('INVALID_TEXT', message, [{ field, message: reason }]);
}

const notUtf8 = 'không phải văn bản UTF-8 hợp lệ';
/** Half of a UTF-16 surrogate pair alone: JSON may carry one ("\ud800"), UTF-8 cannot. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Throws INVALID_TEXT unless `value` is clean text: no NUL, no lone surrogate, no U+FFFD. */
export function checkText(value: string, field: string): void {
  if (value.includes('\u0000')) throw invalid(field, 'chứa ký tự NUL (\\0), không được phép');
  if (value.includes('\uFFFD') || loneSurrogate.test(value)) throw invalid(field, notUtf8);
}

function checkJson(value: unknown, field: string): void {
  if (typeof value === 'string') checkText(value, field);
  else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkJson(value[i], `${field}[${i}]`);
  } else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      const name = field ? `${field}.${k}` : k;
      checkText(k, name);
      checkJson(v, name);
    }
}

/** Decodes one percent-encoded part of a URL; INVALID_TEXT when the bytes are not UTF-8. */
function decodePart(raw: string, field: () => string): string {
  try {
    // A lone "%" (typed by hand, "50%") is itself, as Hono reads it; "%C3%28" is not UTF-8.
    return decodeURIComponent(raw.replace(/\+/g, ' ').replace(/%(?![0-9a-fA-F]{2})/g, '%25'));
  } catch {
    throw invalid(field(), notUtf8);
  }
}

/** Checks `a=1&b=2` (a query string or an urlencoded body), naming the parameter at fault. */
function checkParams(raw: string): void {
  for (const pair of raw.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const key = decodePart(rawKey, () => rawKey);
    checkText(key, key);
    if (eq >= 0)
      checkText(
        decodePart(pair.slice(eq + 1), () => key),
        key,
      );
  }
}

function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

/** On every API request: path, query and JSON/urlencoded bodies are clean text (see above). */
export function inputGuard(): MiddlewareHandler {
  return async (c, next) => {
    const url = c.req.url;
    const start = url.indexOf('/', url.indexOf('//') + 2);
    const q = url.indexOf('?', start);
    const path = q < 0 ? url.slice(start) : url.slice(start, q);
    for (const segment of path.split('/'))
      checkText(
        decodePart(segment, () => 'đường dẫn'),
        'đường dẫn',
      );
    if (q >= 0) checkParams(url.slice(q + 1).split('#')[0]!);
    const type = mediaType(c);
    if (c.req.raw.body && (type === 'application/json' || type.endsWith('+json'))) {
      const bytes = await c.req.arrayBuffer();
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        throw invalid('body', notUtf8);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined; // the route answers malformed JSON as it always did
      }
      checkJson(parsed, '');
    } else if (c.req.raw.body && type === 'application/x-www-form-urlencoded') {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(await c.req.arrayBuffer());
      } catch {
        throw invalid('body', notUtf8);
      }
      checkParams(text);
    }
    await next();
  };
}

/** Checks the fields and file names of a multipart or urlencoded body (read once, kept for the route). */
export async function checkFormData(c: Context): Promise<void> {
  const type = mediaType(c);
  if (!c.req.raw.body || (type !== 'multipart/form-data' && type !== 'application/x-www-form-urlencoded'))
    return;
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw new AppError('INVALID_REQUEST', 'Nội dung gửi lên (multipart/form-data) không hợp lệ', [
      { field: 'body', message: 'không đọc được nội dung biểu mẫu' },
    ]);
  }
  form.forEach((value, key) => {
    checkText(key, key);
    if (typeof value === 'string') checkText(value, key);
    else checkText(value.name, `${key} (tên tệp)`);
  });
}
