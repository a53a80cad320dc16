// The dossier list names each unit as it was called in the dossier's round: a commune renamed
// later keeps its old name on its old dossiers, and the new name on the new ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.ts';
import { startServer } from '../../src/server.ts';
import { testDatabases } from '../support/databases.ts';
import { openTestDb } from '../support/db.ts';
import { dossierIn, seedDossierFixtures, tempFileStore, UNIT } from '../support/dossiers.ts';

interface ListReply {
  dossiers: Array<{ id: number; unit_code: string; round: string; unit_name: string | null }>;
}

describe.each(testDatabases())('dossier list unit names on $name', (target) => {
  let db: Db;
  let server: { url: string; close(): Promise<void> };
  const store = tempFileStore();
  beforeAll(async () => {
    db = await openTestDb(target, 'api_dossier_list');
    await seedDossierFixtures(db);
    server = await startServer(db, { port: 0, host: '127.0.0.1', files: store, auth: 'off' });
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('gives the unit name valid on the last day of each dossier’s round', async () => {
    const old = await dossierIn(db, store, 'draft', { round: '2024' });
    const recent = await dossierIn(db, store, 'draft', { round: '2025' });
    // Xã Đông has two rows (until 2025-06-30 under D2, from 2025-07-01 under P1): rename the second.
    await db.query("UPDATE units SET name = 'Phường Đông' WHERE code = $1 AND valid_from = '2025-07-01'", [
      UNIT,
    ]);
    const r = await fetch(`${server.url}/api/dossiers?unit=${UNIT}`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as ListReply;
    const byId = new Map(body.dossiers.map((d) => [d.id, d]));
    expect(byId.get(old)).toMatchObject({ unit_code: UNIT, round: '2024', unit_name: 'Xã Đông' });
    expect(byId.get(recent)).toMatchObject({ unit_code: UNIT, round: '2025', unit_name: 'Phường Đông' });
    expect(body.dossiers).toHaveLength(2);
  });
});
