/**
 * Where evidence bytes live: content-addressed by SHA-256, so a file uploaded twice is stored
 * once and a stored file never changes. A local directory by default, or an S3-compatible
 * bucket (MinIO, AWS S3) when TIEUCHI_S3_BUCKET is set.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AwsClient } from 'aws4fetch';
import { defaultDataDir } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';

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

/** `ab/cd/abcd…`: two levels of folders keep directory listings short. */
function keyOf(sha: string): string {
  if (!hashPattern.test(sha)) throw new Error(`not a SHA-256: ${sha}`);
  return `${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`;
}

const notFound = (sha: string) =>
  new AppError(
    'EVIDENCE_NOT_FOUND',
    text(`Không tìm thấy tệp minh chứng ${sha.slice(0, 12)}…`, `evidence file not found`),
  );

/** Files under `<dir>/<2 hex>/<2 hex>/<sha256>`, written to a temporary name and renamed into place. */
export function localFileStore(dir: string): FileStore {
  const root = resolve(dir);
  const pathOf = (sha: string) => join(root, keyOf(sha));
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
          text(`Không tìm thấy tệp minh chứng ${sha.slice(0, 12)}…`, `evidence file not found`),
        );
      }
    },
  };
}

export interface S3Options {
  /** e.g. http://127.0.0.1:9000 (MinIO) or https://s3.ap-southeast-1.amazonaws.com */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Key prefix inside the bucket, e.g. "tieuchi/" (default none). */
  prefix?: string;
}

/**
 * Objects `<prefix>ab/cd/<sha256>` in an S3-compatible bucket, path-style URLs, SigV4-signed
 * requests. A file already there is not sent again.
 */
export function s3FileStore(o: S3Options): FileStore {
  const aws = new AwsClient({
    accessKeyId: o.accessKeyId,
    secretAccessKey: o.secretAccessKey,
    region: o.region,
    service: 's3',
  });
  const base = `${o.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(o.bucket)}/${o.prefix ?? ''}`;
  const urlOf = (sha: string) => base + keyOf(sha);
  const failed = async (what: string, res: Response) =>
    new Error(`S3 ${what} ${res.status}: ${(await res.text()).slice(0, 300)} (${base})`);
  return {
    location: base,
    async put(sha, bytes) {
      const head = await aws.fetch(urlOf(sha), { method: 'HEAD' });
      if (head.ok) return;
      const res = await aws.fetch(urlOf(sha), {
        method: 'PUT',
        body: new Uint8Array(bytes),
        headers: { 'content-type': 'application/octet-stream' },
      });
      if (!res.ok) throw await failed('PUT', res);
    },
    async get(sha) {
      const res = await aws.fetch(urlOf(sha));
      if (res.status === 404) throw notFound(sha);
      if (!res.ok) throw await failed('GET', res);
      return Buffer.from(await res.arrayBuffer());
    },
  };
}

/**
 * The file store the server uses, read once at start-up. With TIEUCHI_S3_BUCKET: that bucket at
 * TIEUCHI_S3_ENDPOINT (region TIEUCHI_S3_REGION, default us-east-1; keys under TIEUCHI_S3_PREFIX;
 * credentials AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY), failing fast when one is missing.
 * Otherwise the directory TIEUCHI_FILES, else `<data dir>/files` (TIEUCHI_DATA or ./.tieuchi).
 */
export function fileStoreFromEnv(env: NodeJS.ProcessEnv = process.env): FileStore {
  const bucket = env.TIEUCHI_S3_BUCKET?.trim();
  if (bucket) {
    const need = (name: string) => {
      const v = env[name]?.trim();
      if (!v) throw new Error(`TIEUCHI_S3_BUCKET đã đặt nhưng thiếu ${name}`);
      return v;
    };
    const endpoint = need('TIEUCHI_S3_ENDPOINT');
    if (!/^https?:\/\//.test(endpoint))
      throw new Error(`TIEUCHI_S3_ENDPOINT phải là URL http(s):// (đang là "${endpoint}")`);
    return s3FileStore({
      endpoint,
      bucket,
      region: env.TIEUCHI_S3_REGION?.trim() || 'us-east-1',
      accessKeyId: need('AWS_ACCESS_KEY_ID'),
      secretAccessKey: need('AWS_SECRET_ACCESS_KEY'),
      prefix: env.TIEUCHI_S3_PREFIX?.trim() ?? '',
    });
  }
  const dir = env.TIEUCHI_FILES?.trim() || join(env.TIEUCHI_DATA?.trim() || defaultDataDir(), 'files');
  return localFileStore(dir);
}
