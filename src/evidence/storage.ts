/**
 * Where evidence bytes live: content-addressed by SHA-256, so a file uploaded twice is stored
 * once and a stored file never changes. A local directory by default.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { defaultDataDir } from '../db/database.ts';
import { AppError } from '../errors.ts';

export interface FileStore {
  /** Where the files are, for messages and logs. */
  readonly location: string;
  /** Stores `bytes` under `sha256` (which must be their hash); storing again is a no-op. */
  put(sha256: string, bytes: Buffer): Promise<void>;
  /** The bytes stored under `sha256`; EVIDENCE_NOT_FOUND when missing. */
  get(sha256: string): Promise<Buffer>;
}

export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const hashPattern = /^[0-9a-f]{64}$/;

/** Files under `<dir>/<2 hex>/<2 hex>/<sha256>`, written to a temporary name and renamed into place. */
export function localFileStore(dir: string): FileStore {
  const root = resolve(dir);
  const pathOf = (sha: string) => {
    if (!hashPattern.test(sha)) throw new Error(`not a SHA-256: ${sha}`);
    return join(root, sha.slice(0, 2), sha.slice(2, 4), sha);
  };
  return {
    location: root,
    async put(sha, bytes) {
      const path = pathOf(sha);
      if (existsSync(path)) return;
      const dirPath = join(root, sha.slice(0, 2), sha.slice(2, 4));
      await mkdir(dirPath, { recursive: true });
      const tmp = join(dirPath, `.${sha}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        await writeFile(tmp, bytes, { flag: 'wx' });
        await rename(tmp, path);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    },
    async get(sha) {
      try {
        return await readFile(pathOf(sha));
      } catch {
        throw new AppError(
          'EVIDENCE_NOT_FOUND',
          `Không tìm thấy tệp minh chứng ${sha.slice(0, 12)}… / evidence file not found`,
        );
      }
    },
  };
}

/**
 * The file store the server uses: TIEUCHI_FILES, else `<data dir>/files` (TIEUCHI_DATA or
 * ./.tieuchi). S3-compatible storage is not implemented yet (see README).
 */
export function fileStoreFromEnv(env: NodeJS.ProcessEnv = process.env): FileStore {
  const dir = env.TIEUCHI_FILES?.trim() || join(env.TIEUCHI_DATA?.trim() || defaultDataDir(), 'files');
  return localFileStore(dir);
}
