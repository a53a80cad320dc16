/**
 * CAPTCHAs generated on this server (no outside service): an image of distorted characters
 * (svg-captcha) and, for people who cannot see it, a sum written in Vietnamese words. Either
 * answer is accepted. Both are stored only as hashes; a challenge expires after ten minutes and
 * is deleted the first time it is tried, right or wrong.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import svgCaptcha from 'svg-captcha';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';

export const CAPTCHA_MINUTES = 10;

const digitWords = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];

export interface CaptchaChallenge {
  id: string;
  /** The image, an SVG document. */
  svg: string;
  /** The accessible alternative, e.g. "Bảy cộng năm bằng bao nhiêu?". */
  question: string;
  expiresAt: string;
}

/** What the use case returns to its caller on the server: the answers, for tests and nothing else. */
export interface CaptchaWithAnswers extends CaptchaChallenge {
  imageAnswer: string;
  sumAnswer: string;
}

const normalize = (s: string) => s.normalize('NFC').trim().toLowerCase().replace(/\s+/g, '');
const hashOf = (id: string, answer: string) =>
  createHash('sha256')
    .update(`${id}:${normalize(answer)}`)
    .digest('hex');

/** Creates a one-time challenge (and drops those expired more than an hour ago). */
export async function createCaptcha(db: Db, opts: { now?: Date } = {}): Promise<CaptchaWithAnswers> {
  const now = opts.now ?? new Date();
  const id = randomBytes(18).toString('base64url');
  const image = svgCaptcha.create({
    size: 5,
    noise: 2,
    ignoreChars: '0oO1ilI',
    color: false,
    width: 180,
    height: 60,
  });
  const a = randomInt(1, 10);
  const b = randomInt(1, 10);
  const word = digitWords[a]!;
  const question = `${word[0]!.toUpperCase()}${word.slice(1)} cộng ${digitWords[b]} bằng bao nhiêu? (trả lời bằng chữ số)`;
  const expiresAt = new Date(now.getTime() + CAPTCHA_MINUTES * 60_000);
  await db.query('DELETE FROM captcha_challenges WHERE expires_at < $1', [
    new Date(now.getTime() - 3_600_000).toISOString(),
  ]);
  await db.query(
    'INSERT INTO captcha_challenges (id, image_hash, sum_hash, expires_at) VALUES ($1, $2, $3, $4)',
    [id, hashOf(id, image.text), hashOf(id, String(a + b)), expiresAt.toISOString()],
  );
  return {
    id,
    svg: image.data,
    question,
    expiresAt: expiresAt.toISOString(),
    imageAnswer: image.text,
    sumAnswer: String(a + b),
  };
}

/**
 * Checks and uses up a challenge: CAPTCHA_UNKNOWN (never issued or already tried),
 * CAPTCHA_EXPIRED, or CAPTCHA_WRONG. Runs on its own, so that a refused answer still uses it up.
 */
export async function consumeCaptcha(
  db: Db,
  opts: { id: string; answer: string; now?: Date },
): Promise<void> {
  const now = opts.now ?? new Date();
  const rows = await db.query<{ image_hash: string; sum_hash: string; expired: boolean }>(
    'DELETE FROM captcha_challenges WHERE id = $1 RETURNING image_hash, sum_hash, expires_at < $2 AS expired',
    [opts.id, now.toISOString()],
  );
  const row = rows[0];
  const field = { field: 'captcha_answer', value: opts.answer.slice(0, 20) };
  if (!row)
    throw new AppError(
      'CAPTCHA_UNKNOWN',
      text('Mã kiểm tra đã dùng hoặc không tồn tại, vui lòng lấy mã mới', 'CAPTCHA already used or unknown'),
      [{ field: 'captcha_id', message: text('mã đã dùng hoặc không tồn tại', 'used or unknown') }],
    );
  if (row.expired)
    throw new AppError(
      'CAPTCHA_EXPIRED',
      text(`Mã kiểm tra đã hết hạn (${CAPTCHA_MINUTES} phút), vui lòng lấy mã mới`, `CAPTCHA expired`),
      [{ ...field, message: text('mã đã hết hạn', 'expired') }],
    );
  const given = hashOf(opts.id, opts.answer);
  if (given !== row.image_hash && given !== row.sum_hash)
    throw new AppError(
      'CAPTCHA_WRONG',
      text('Mã kiểm tra không đúng, vui lòng thử lại với mã mới', 'wrong CAPTCHA answer'),
      [{ ...field, message: text('không đúng', 'wrong') }],
    );
}
