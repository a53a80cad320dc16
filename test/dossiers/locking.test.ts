import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, systemActorNamed } from '../../src/access/index.ts';
import type { Db } from '../../src/db/database.ts';
import { reopenDossier } from '../../src/dossiers/decision.ts';
import { readDossier } from '../../src/dossiers/read.ts';
import { selfAssessDossier } from '../../src/dossiers/self-assessment.ts';
import { submitDossier } from '../../src/dossiers/submission.ts';
import { readTable } from '../../src/files/tabular.ts';
import { importValueTable, setValues } from '../../src/values/import.ts';
import { testDatabases } from '../support/databases.ts';
import { fixtures, openTestDb } from '../support/db.ts';
import {
  dossierIn,
  dossierSnapshot,
  people,
  seedDossierFixtures,
  tempFileStore,
  UNIT,
} from '../support/dossiers.ts';

const { commune, office } = people;

describe.each(testDatabases())('figures locked by a submitted dossier on $name', (target) => {
  let db: Db;
  const store = tempFileStore();
  beforeAll(async () => {
    db = await openTestDb(target, 'dossier_lock');
    await seedDossierFixtures(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('refuses value writes while submitted, allows them after a recorded reopening', async () => {
    const id = await dossierIn(db, store, 'submitted');
    const write = (value: string, period = '2024', unitCode = UNIT) =>
      setValues(db, {
        actor: commune,
        values: [{ unitCode, indicator: 'road_hardened_pct', period, value }],
      });

    // A typed figure of the dossier's unit, measure and round: refused, nothing written.
    const before = await dossierSnapshot(db);
    const err = await write('80').catch((e) => e);
    expect(err.code).toBe('DOSSIER_LOCKED');
    expect(err.message).toMatch(/^1 số liệu thuộc hồ sơ đã nộp \(#\d+\) nên bị khóa/);
    expect(err.details).toEqual([
      expect.objectContaining({ field: 'value', value: 'Xã Đông · Tỷ lệ đường xã được cứng hóa · 2024' }),
    ]);
    expect(await dossierSnapshot(db)).toBe(before);

    // An imported file touching it: the whole file is refused.
    const table = await readTable(join(fixtures, 'values-small.csv'));
    const row = table.rows.find(
      (r) => r.cells.unit_code === 'C4' && r.cells.indicator === 'road_hardened_pct',
    )!;
    row.cells.value = '81';
    await expect(
      importValueTable(db, {
        table,
        file: 'values.csv',
        actor: systemActorNamed('tester'),
        source: 'import',
      }),
    ).rejects.toMatchObject({
      code: 'DOSSIER_LOCKED',
    });
    expect(await dossierSnapshot(db)).toBe(before);

    // Writing the same value again changes nothing and is not refused; other units, periods are free.
    expect(await write('95')).toEqual({ changed: 0 });
    expect((await write('97', '2025')).changed).toBe(1);
    expect(
      (
        await setValues(db, {
          actor: systemActor,
          values: [{ unitCode: 'C3', indicator: 'road_hardened_pct', period: '2024', value: '73' }],
        })
      ).changed,
    ).toBe(1);

    // Self-assessment and evidence are locked too; the commune must ask for a reopening.
    await expect(selfAssessDossier(db, commune, { dossierId: id, items: [] })).rejects.toMatchObject({
      code: 'DOSSIER_LOCKED',
    });
    await expect(reopenDossier(db, commune, { dossierId: id, reason: 'x' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const reopened = await reopenDossier(db, office, {
      dossierId: id,
      reason: 'Xã đề nghị sửa tỷ lệ đường cứng hóa theo số liệu đo đạc lại',
    });
    expect(reopened).toMatchObject({ state: 'draft', reopenCount: 1 });
    expect((await write('80')).changed).toBe(1);

    // The reopening is recorded: in the dossier's history with its reason, and in the audit trail.
    const detail = await readDossier(db, office, { dossierId: id });
    expect(detail.history.at(-1)).toMatchObject({
      from: 'submitted',
      to: 'draft',
      note: 'Xã đề nghị sửa tỷ lệ đường cứng hóa theo số liệu đo đạc lại',
      actor: office.username,
    });
    const events = await db.query<{ data: { from: string; to: string; reopened: boolean } }>(
      "SELECT data FROM audit_events WHERE dossier_id = $1 AND type = 'dossier.transitioned' ORDER BY id DESC LIMIT 1",
      [id],
    );
    expect(events[0]!.data).toMatchObject({ from: 'submitted', to: 'draft', reopened: true });

    // Submitting again locks again (the self-assessment is kept).
    await selfAssessDossier(db, commune, { dossierId: id, items: [] });
    await submitDossier(db, commune, { dossierId: id });
    await expect(write('81')).rejects.toMatchObject({ code: 'DOSSIER_LOCKED' });
  });
});
