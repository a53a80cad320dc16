/**
 * Request bodies: every body has a size cap — small for JSON (bodyLimits, on every API request)
 * and by kind for uploads (uploadGuard, on each upload route). An upload route checks that the
 * caller may upload at all BEFORE a byte of the body is read, then caps and reads the body and
 * checks its form fields (sanitizer). Refusals: 401/403, then 413 naming the limit.
 */
import { z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { matchedRoutes } from 'hono/route';
import type { Actor } from '../access/index.ts';
import { AppError } from '../errors.ts';
import { sizeText, tooLargeCode, uploadLimits } from '../files/limits.ts';
import { type Text, text, zodText } from '../text.ts';
import { requestActor } from './auth.ts';
import { checkFormData } from './input.ts';

/** What an upload route takes: tables (CSV/.xlsx imports) or evidence files (several per request). */
export type UploadKind = 'table' | 'evidence';

/** Evidence files sent in one request, at most. */
export const MAX_EVIDENCE_FILES = 5;

/** The largest body of an upload of this kind, bytes. */
export function uploadBytes(kind: UploadKind): number {
  const limits = uploadLimits();
  return kind === 'table' ? limits.tableBytes : limits.evidenceBytes * MAX_EVIDENCE_FILES;
}

function tooLarge(limit: number, what: Text): AppError {
  const message = text(
    `${what.vi} vượt quá giới hạn ${sizeText(limit)}`,
    `${what.en} exceed the limit of ${sizeText(limit)}`,
  );
  return new AppError(tooLargeCode, message, [{ field: 'body', message }]);
}

const guards = new WeakSet<object>();

/**
 * The middleware of an upload route: `allow` checks the caller's ability (throwing 401/403)
 * before the body is read; then the body is capped at the kind's limit (413 "Tệp vượt quá giới
 * hạn 50 MB") and its form fields and file names are checked (400 on NUL or invalid UTF-8).
 */
export function uploadGuard(
  kind: UploadKind,
  allow: (actor: Actor, c: Context) => void | Promise<void>,
): MiddlewareHandler {
  const guard: MiddlewareHandler = async (c, next) => {
    await allow(requestActor(c), c);
    const limit = uploadBytes(kind);
    const capped = bodyLimit({
      maxSize: limit,
      onError: () => {
        throw tooLarge(
          limit,
          kind === 'table' ? text('Tệp', 'The file') : text('Các tệp gửi một lần', 'The files sent at once'),
        );
      },
    });
    return capped(c, async () => {
      await checkFormData(c);
      await next();
    });
  };
  guards.add(guard);
  return guard;
}

/**
 * On every API request: a body is capped at TIEUCHI_MAX_JSON_MB (1 MB) unless the route is an
 * upload route, whose uploadGuard caps it after checking the caller. Nothing beyond the cap is
 * ever held in memory (a Content-Length above it is refused before reading).
 */
export function bodyLimits(): MiddlewareHandler {
  return async (c, next) => {
    const multipart = (c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
    if (multipart && matchedRoutes(c).some((r) => guards.has(r.handler))) return next();
    const limit = uploadLimits().jsonBytes;
    return bodyLimit({
      maxSize: limit,
      onError: () => {
        throw tooLarge(limit, text('Nội dung gửi lên', 'The request body'));
      },
    })(c, next);
  };
}

/** A multipart file field. */
export const FileField = z
  .custom<File>((v) => v instanceof File, zodText('cần gửi một tệp', 'a file is required'))
  .openapi({ type: 'string', format: 'binary' });

/** The bytes of an uploaded file. */
export async function fileBytes(f: File): Promise<Buffer> {
  return Buffer.from(await f.arrayBuffer());
}
