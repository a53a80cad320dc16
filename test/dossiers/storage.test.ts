import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.ts';
import { exportDossierZip } from '../../src/dossiers/export-zip.ts';
import {
  type FileStore,
  fileStoreFromEnv,
  localFileStore,
  s3FileStore,
  sha256Of,
} from '../../src/evidence/storage.ts';
import { uploadEvidence } from '../../src/evidence/upload.ts';
import { testDatabases } from '../support/databases.ts';
import { openTestDb } from '../support/db.ts';
import { dossierIn, pdfBytes, people, seedDossierFixtures, unzip } from '../support/dossiers.ts';

/**
 * An S3-compatible server on the loopback for the tests: s3rver (a fake S3 in Node). It speaks
 * the S3 REST API but does not check request signatures; a real MinIO or AWS bucket is not
 * tested here (see README).
 */
async function startS3(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const directory = mkdtempSync(join(tmpdir(), 'tieuchi-s3-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: 'minh-chung', configs: [] }],
  });
  const { port } = await server.run();
  return { endpoint: `http://127.0.0.1:${port}`, close: () => server.close() };
}

const s3Options = (endpoint: string) => ({
  endpoint,
  bucket: 'minh-chung',
  region: 'us-east-1',
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
  prefix: 'tieuchi/',
});

describe('evidence file stores', () => {
  let s3: { endpoint: string; close(): Promise<void> };
  beforeAll(async () => {
    s3 = await startS3();
  });
  afterAll(async () => {
    await s3?.close();
  });

  const stores: Array<[string, () => FileStore]> = [
    ['local directory', () => localFileStore(mkdtempSync(join(tmpdir(), 'tieuchi-files-')))],
    ['S3-compatible bucket', () => s3FileStore(s3Options(s3.endpoint))],
  ];

  it.each(stores)('%s: stores by SHA-256 once, reads back, says when a file is missing', async (_, make) => {
    const store = make();
    const bytes = pdfBytes('kho lưu trữ');
    const sha = sha256Of(bytes);
    await store.put(sha, bytes);
    await store.put(sha, bytes);
    expect(await store.get(sha)).toEqual(bytes);
    await expect(store.get('0'.repeat(64))).rejects.toMatchObject({ code: 'EVIDENCE_NOT_FOUND' });
    await expect(store.put('../../etc/passwd', bytes)).rejects.toThrow(/not a SHA-256/);
  });

  it('keeps local files under two levels of folders named by the hash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tieuchi-files-'));
    const bytes = pdfBytes('thư mục');
    const sha = sha256Of(bytes);
    await localFileStore(dir).put(sha, bytes);
    expect(readdirSync(dir, { recursive: true }).sort()).toEqual([
      sha.slice(0, 2),
      `${sha.slice(0, 2)}/${sha.slice(2, 4)}`,
      `${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`,
    ]);
  });

  it('reads its configuration once, failing fast on an incomplete S3 setting', () => {
    expect(fileStoreFromEnv({ TIEUCHI_FILES: '/srv/tieuchi/files' }).location).toBe('/srv/tieuchi/files');
    expect(fileStoreFromEnv({ TIEUCHI_DATA: '/srv/data' }).location).toBe('/srv/data/files');
    expect(() =>
      fileStoreFromEnv({ TIEUCHI_S3_BUCKET: 'b', TIEUCHI_S3_ENDPOINT: 'http://minio:9000' }),
    ).toThrow(/thiếu AWS_ACCESS_KEY_ID/);
    expect(() => fileStoreFromEnv({ TIEUCHI_S3_BUCKET: 'b', TIEUCHI_S3_ENDPOINT: 'minio:9000' })).toThrow(
      /http\(s\)/,
    );
    const store = fileStoreFromEnv({
      TIEUCHI_S3_BUCKET: 'minh-chung',
      TIEUCHI_S3_ENDPOINT: 'http://minio:9000/',
      AWS_ACCESS_KEY_ID: 'k',
      AWS_SECRET_ACCESS_KEY: 's',
    });
    expect(store.location).toBe('http://minio:9000/minh-chung/');
  });
});

describe.each(testDatabases())(
  'a dossier whose evidence is in an S3-compatible bucket on $name',
  (target) => {
    let db: Db;
    let s3: { endpoint: string; close(): Promise<void> };
    beforeAll(async () => {
      s3 = await startS3();
      db = await openTestDb(target, 'dossier_s3');
      await seedDossierFixtures(db);
    });
    afterAll(async () => {
      await db?.close();
      await s3?.close();
    });

    it('uploads evidence to the bucket and builds the ZIP from it', async () => {
      const store = s3FileStore(s3Options(s3.endpoint));
      const id = await dossierIn(db, store, 'self_assessed');
      await uploadEvidence(db, store, people.commune, {
        dossierId: id,
        files: [{ name: 'Ảnh hiện trạng.pdf', bytes: pdfBytes('s3') }],
        target: { indicatorCodes: ['2.1'] },
      });
      const zip = await exportDossierZip(db, store, people.office, { dossierId: id });
      const entries = await unzip(zip.bytes);
      expect(entries.get('tieu-chi-02-thu-nhap/2.1/anh-hien-trang.pdf')).toEqual(pdfBytes('s3'));
      expect(entries.get('tieu-chi-01-giao-thong/1.1/bien-ban.pdf')).toEqual(pdfBytes('C4'));
    });
  },
);
