// What the dossier pages of the web UI read beyond the workflow: evidence served inline for the
// browser's preview (media type, Content-Disposition with the Vietnamese file name, nosniff), and
// the revocation watch limited to a subtree (`within`) for the overview of one province/district.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActorNamed } from '../../src/access/index.ts';
import type { Db } from '../../src/db/database.ts';
import { uploadEvidence } from '../../src/evidence/upload.ts';
import { startServer } from '../../src/server.ts';
import { setValues } from '../../src/values/import.ts';
import { testDatabases } from '../support/databases.ts';
import { openTestDb } from '../support/db.ts';
import {
  dossierIn,
  dossierSnapshot,
  FW,
  people,
  pngBytes,
  seedDossierFixtures,
  tempFileStore,
  UNIT,
} from '../support/dossiers.ts';

interface Flags {
  period: string;
  units: Array<{ unit: { code: string }; dossier_id: number; flagged: boolean; reason: string }>;
}

describe.each(testDatabases())('dossier UI reads on $name', (target) => {
  let db: Db;
  let server: { url: string; close(): Promise<void> };
  const store = tempFileStore();
  let id: number;
  beforeAll(async () => {
    db = await openTestDb(target, 'api_dossier_ui');
    await seedDossierFixtures(db);
    id = await dossierIn(db, store, 'recognised');
    server = await startServer(db, { port: 0, host: '127.0.0.1', files: store, auth: 'off' });
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const flags = async (query: string): Promise<Flags> => {
    const r = await fetch(`${server.url}/api/dossiers/revocation-flags?framework=${FW}&${query}`);
    expect(r.status).toBe(200);
    return (await r.json()) as Flags;
  };

  it('serves an evidence file inline with its media type and the Vietnamese file name', async () => {
    const draft = await dossierIn(db, store, 'draft', { round: '2025' });
    const [link] = await uploadEvidence(db, store, people.commune, {
      dossierId: draft,
      files: [{ name: 'ảnh hiện trường "đường".png', bytes: pngBytes() }],
      target: { indicatorCodes: ['1.1'] },
    });
    const r = await fetch(`${server.url}/api/evidence/${link!.sha256}?dossier=${draft}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('image/png');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    // ASCII fallback (marks dropped, quotes replaced) and the exact name in RFC 5987 form.
    expect(r.headers.get('content-disposition')).toBe(
      `inline; filename="anh hien truong _duong_.png"; filename*=UTF-8''${encodeURIComponent('ảnh hiện trường "đường".png')}`,
    );
    expect(Buffer.from(await r.arrayBuffer())).toEqual(pngBytes());
    // Not a file of that dossier: 404, nothing served.
    const other = await fetch(`${server.url}/api/evidence/${link!.sha256}?dossier=${id}`);
    expect(other.status).toBe(404);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('EVIDENCE_NOT_FOUND');
  });

  it('limits the revocation watch to a subtree with `within`, on the period’s tree', async () => {
    // 2024: Xã Đông sits under Huyện Hai (D2), in Tỉnh Thử Nghiệm (P1); recognised, meeting every criterion.
    expect((await flags('period=2024')).units.map((u) => [u.unit.code, u.dossier_id, u.flagged])).toEqual([
      [UNIT, id, false],
    ]);
    expect((await flags('period=2024&within=P1')).units.map((u) => u.unit.code)).toEqual([UNIT]);
    expect((await flags('period=2024&within=D2')).units.map((u) => u.unit.code)).toEqual([UNIT]);
    expect((await flags('period=2024&within=D1')).units).toEqual([]);
    expect((await flags('period=2024&within=C4')).units.map((u) => u.unit.code)).toEqual([UNIT]);

    // 2025: income 40 < 60 puts criterion 2 of 2 unmet (50%, criterion 1 has no figures: undetermined).
    await setValues(db, {
      actor: systemActorNamed('tester'),
      values: [{ unitCode: UNIT, indicator: 'income_per_capita', period: '2025', value: '40' }],
    });
    const flagged = await flags('period=2025&within=P1');
    expect(flagged.units).toEqual([
      expect.objectContaining({
        unit: expect.objectContaining({ code: UNIT }),
        dossier_id: id,
        flagged: true,
      }),
    ]);
    expect(flagged.units[0]!.reason).toMatch(/^1\/2 tiêu chí chưa đạt \(50%\) ≥ 50%/);
    // After the 2025 reform Xã Đông sits directly under P1: Huyện Một's subtree does not hold it.
    expect((await flags('period=2025&within=D1')).units).toEqual([]);
  });

  it('refuses a malformed `within` with the field named, changing nothing', async () => {
    const before = await dossierSnapshot(db);
    const r = await fetch(
      `${server.url}/api/dossiers/revocation-flags?framework=${FW}&period=2024&within=${'x'.repeat(300)}`,
    );
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: { code: string; details: Array<{ field: string }> } };
    expect(body.error.code).toBe('INVALID_REQUEST');
    expect(body.error.details.map((d) => d.field)).toEqual(['within']);
    expect(await dossierSnapshot(db)).toBe(before);
  });
});
