import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackup } from '../src/backup/backup.ts';
import { listTables, summariseTables } from '../src/backup/manifest.ts';
import { restoreBackup } from '../src/backup/restore.ts';
import { type Db, openDb } from '../src/db/database.ts';
import { localFileStore, sha256Of } from '../src/evidence/storage.ts';
import { freshPostgresUrl, testDatabases } from './support/databases.ts';
import { dossierIn, seedDossierFixtures, tempFileStore } from './support/dossiers.ts';

const temp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

describe.each(testDatabases())('backup and restore on $name', { timeout: 180_000 }, (target) => {
  let db: Db;
  let url: string | undefined;
  const store = tempFileStore();
  let backupDir: string;

  beforeAll(async () => {
    url = target.name === 'postgres' ? await freshPostgresUrl('backup_src') : undefined;
    db = await openDb(url ? { databaseUrl: url } : { dataDir: join(temp('tieuchi-backup-src-'), 'data') });
    await seedDossierFixtures(db);
    // A recognised dossier: evidence files, rulings, votes, a decision and their audit events.
    await dossierIn(db, store, 'recognised');
    backupDir = join(temp('tieuchi-backup-'), 'sao-luu');
    await createBackup(db, { dir: backupDir, files: store, databaseUrl: url });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('writes a manifest with every table, its rows and checksum, and every evidence file', async () => {
    const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8'));
    const tables = await listTables(db);
    expect(Object.keys(manifest.database.tables).sort()).toEqual(tables.sort());
    const evidence = await db.query<{ sha256: string }>('SELECT sha256 FROM evidence_files');
    expect(evidence.length).toBeGreaterThan(0);
    expect(manifest.evidence.count).toBe(evidence.length);
    expect(manifest.database.tables.evidence_files.rows).toBe(evidence.length);
    expect(manifest.database.tables.audit_events.rows).toBeGreaterThan(5);
  });

  it('restores every table and evidence file exactly, into an empty database', async () => {
    const targetUrl = url ? await freshPostgresUrl('backup_dst') : undefined;
    const dataDir = join(temp('tieuchi-restore-'), 'data');
    const files = localFileStore(temp('tieuchi-restore-files-'));
    const report = await restoreBackup({ dir: backupDir, databaseUrl: targetUrl, dataDir, files });
    const restored = await openDb(targetUrl ? { databaseUrl: targetUrl } : { dataDir });
    try {
      const tables = await listTables(db);
      expect(await summariseTables(restored, tables)).toEqual(await summariseTables(db, tables));
      expect(report.tables).toBe(tables.length);
      for (const { sha256 } of await db.query<{ sha256: string }>('SELECT sha256 FROM evidence_files')) {
        const bytes = await files.get(sha256);
        expect(sha256Of(bytes)).toBe(sha256);
        expect(bytes.equals(await store.get(sha256))).toBe(true);
      }
      // Identity columns go on after the restored rows: a new audit event gets a new id.
      const [before] = await restored.query<{ max: number }>('SELECT max(id)::int AS max FROM audit_events');
      const [inserted] = await restored.query<{ id: number }>(
        `INSERT INTO audit_events (type, actor_name) VALUES ('user.created', 'kiem-tra') RETURNING id::int AS id`,
      );
      expect(inserted!.id).toBeGreaterThan(before!.max);
    } finally {
      await restored.close();
    }
  });

  it('refuses a target that is not empty, a changed file and a backup target that exists', async () => {
    const dataDir = join(temp('tieuchi-restore-'), 'data');
    // The source database itself is not empty.
    const busy = await restoreBackup({
      dir: backupDir,
      databaseUrl: url,
      dataDir: url ? undefined : dataDir,
      files: localFileStore(temp('f-')),
    }).catch((e) => e);
    if (url) expect(busy.code).toBe('RESTORE_TARGET_NOT_EMPTY');
    // A backup whose evidence file was altered is refused before anything is written.
    const tampered = join(temp('tieuchi-tampered-'), 'b');
    await createBackup(db, { dir: tampered, files: store, databaseUrl: url });
    const evidenceDir = join(tampered, 'evidence');
    const sub = readdirSync(evidenceDir)[0]!;
    const file = join(evidenceDir, sub, readdirSync(join(evidenceDir, sub))[0]!);
    writeFileSync(file, 'đã bị sửa');
    const err = await restoreBackup({
      dir: tampered,
      databaseUrl: url ? await freshPostgresUrl('backup_bad') : undefined,
      dataDir: join(temp('tieuchi-restore-'), 'data'),
      files: localFileStore(temp('f-')),
    }).catch((e) => e);
    expect(err.code).toBe('BACKUP_CORRUPT');
    expect(err.message).toMatch(/đã bị thay đổi/);
    const again = await createBackup(db, { dir: backupDir, files: store, databaseUrl: url }).catch((e) => e);
    expect(again.code).toBe('BACKUP_TARGET_NOT_EMPTY');
  });
});
