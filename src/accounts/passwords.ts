import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { AppError } from '../errors.ts';

/** Passwords shorter than this are refused. */
export const MIN_PASSWORD_LENGTH = 10;

/** argon2id (the library's value for Algorithm.Argon2id; const enums cannot be imported here). */
const argon2id = 2 as Algorithm;

/** zxcvbn scores below this (0–4) are refused as too easy to guess. */
export const MIN_PASSWORD_SCORE = 2;

let checker: ZxcvbnFactory | undefined;
/** zxcvbn with the common-password and diceware lists of @zxcvbn-ts/language-common (built once). */
function strength(): ZxcvbnFactory {
  checker ??= new ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs });
  return checker;
}
const commonPasswords = new Set<string>(common.dictionary['passwords-common'] as string[]);

const badPassword = (message: string, reason: string) =>
  new AppError('INVALID_PASSWORD', message, [{ field: 'password', message: reason }]);

/**
 * Refuses a password (INVALID_PASSWORD, in Vietnamese) that is too short or too long, is or
 * contains the username, is in the list of common passwords, or is otherwise easy to guess
 * (zxcvbn score below MIN_PASSWORD_SCORE: "aaaaaaaaaa", "qwertyuiop", "1234567890").
 */
export function requireGoodPassword(password: string, username?: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > 256)
    throw badPassword(
      `Mật khẩu phải có từ ${MIN_PASSWORD_LENGTH} đến 256 ký tự`,
      `cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự`,
    );
  const lower = password.normalize('NFC').toLowerCase();
  const name = username?.normalize('NFC').trim().toLowerCase();
  if (name && name.length >= 3 && (lower.includes(name) || lower.includes([...name].reverse().join(''))))
    throw badPassword(
      'Mật khẩu không được chứa tên đăng nhập',
      'mật khẩu chứa tên đăng nhập, hãy chọn mật khẩu khác',
    );
  if (commonPasswords.has(lower))
    throw badPassword(
      'Mật khẩu này nằm trong danh sách mật khẩu phổ biến, dễ bị đoán: hãy chọn mật khẩu khác',
      'mật khẩu phổ biến',
    );
  const result = strength().check(password, name ? [name] : []);
  if (result.score < MIN_PASSWORD_SCORE)
    throw badPassword(
      'Mật khẩu quá dễ đoán (lặp ký tự, dãy bàn phím, dãy số hoặc từ phổ biến): hãy dùng một câu dài hơn, ví dụ nhiều từ ghép lại',
      'mật khẩu quá dễ đoán',
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
