import { z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../errors.ts';
import { text, zodText } from '../text.ts';

/** Largest accepted upload (a national values file is ~10 MB as CSV). */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

/** Refuses bodies above MAX_UPLOAD_BYTES with 400 PAYLOAD_TOO_LARGE before reading them. */
export const uploadLimit = bodyLimit({
  maxSize: MAX_UPLOAD_BYTES,
  onError: () => {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      text(`Tệp quá lớn (tối đa ${MAX_UPLOAD_BYTES / 1024 / 1024} MB)`, `file too large`),
    );
  },
});

/** A multipart file field. */
export const FileField = z
  .custom<File>((v) => v instanceof File, zodText('cần gửi một tệp', 'a file is required'))
  .openapi({ type: 'string', format: 'binary' });

/** The bytes of an uploaded file. */
export async function fileBytes(f: File): Promise<Buffer> {
  return Buffer.from(await f.arrayBuffer());
}
