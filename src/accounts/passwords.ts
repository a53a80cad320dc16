import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';

/** Passwords shorter than this are refused. */
export const MIN_PASSWORD_LENGTH = 10;

/** argon2id (the library's value for Algorithm.Argon2id; const enums cannot be imported here). */
const argon2id = 2 as Algorithm;

/** Refuses a password too short or too long to be a real one (INVALID_PASSWORD). */
export function requireGoodPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > 256)
    throw new AppError(
      'INVALID_PASSWORD',
      text(
        `Mật khẩu phải có từ ${MIN_PASSWORD_LENGTH} đến 256 ký tự`,
        `a password needs ${MIN_PASSWORD_LENGTH} to 256 characters`,
      ),
      [
        {
          field: 'password',
          message: text(`ít nhất ${MIN_PASSWORD_LENGTH} ký tự`, `at least ${MIN_PASSWORD_LENGTH} characters`),
        },
      ],
    );
}

/** The argon2id hash of a password (PHC string with its salt and costs). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: argon2id });
}

let decoy: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. Without a hash (unknown or disabled account) a decoy
 * hash is checked instead, so that the answer takes as long either way.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    decoy ??= hashPassword('decoy password, never valid');
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
