// Unit locations over HTTP: PUT /api/units/{code}/location takes coordinates as officials type
// them and the unit's detail shows them back; POST /api/units/locations imports a file through
// the upload reader; bad input is a 400 naming row and field, and nothing is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.ts';
import { startServer } from '../../src/server.ts';
import { testDatabases } from '../support/databases.ts';
import { openTestDb, seedFixtures } from '../support/db.ts';

interface ErrorJson {
  error: {
    code: string;
    message: string;
    details: Array<{ line?: number; field?: string; message: string }>;
  };
}

describe.each(testDatabases())('unit locations API on $name', (target) => {
  let db: Db;
  let server: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    db = await openTestDb(target, 'api_unit_locations');
    await seedFixtures(db);
    server = await startServer(db, { port: 0, host: '127.0.0.1', auth: 'off' });
  }, 300_000);
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const put = (code: string, body: unknown) =>
    fetch(`${server.url}/api/units/${code}/location`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-user': 'quan.tri' },
      body: JSON.stringify(body),
    });
  const detail = async (code: string) =>
    (
      (await (await fetch(`${server.url}/api/units/${code}?date=2024-12-31`)).json()) as {
        location: { lat: number; lng: number; source: string; set_by: string } | null;
      }
    ).location;

  it('records a location typed with decimal commas and shows it on the unit', async () => {
    expect(await detail('C1')).toBeNull();
    const r = await put('C1', { lat: '21,0434', lng: '105,9321', source: 'Đo tại trụ sở UBND xã' });
    expect(r.status).toBe(200);
    expect(await detail('C1')).toMatchObject({
      lat: 21.0434,
      lng: 105.9321,
      source: 'Đo tại trụ sở UBND xã',
      set_by: 'quan.tri',
    });
    const bad = await put('C1', { lat: '21,0434', lng: '21,0434', source: 'x' });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as ErrorJson;
    expect(body.error.code).toBe('INVALID_REQUEST');
    expect(body.error.details).toEqual([
      expect.objectContaining({ field: 'lng', message: expect.stringMatching(/ngoài lãnh thổ Việt Nam/) }),
    ]);
    expect((await detail('C1'))?.lng).toBe(105.9321);
    expect((await put('X9', { lat: 21, lng: 105, source: 'x' })).status).toBe(404);
  });

  it('imports a CSV file of locations; a bad row names line and column, nothing stored', async () => {
    const upload = (content: string, source?: string) => {
      const form = new FormData();
      form.set('file', new File([content], 'vi-tri.csv', { type: 'text/csv' }));
      if (source) form.set('source', source);
      return fetch(`${server.url}/api/units/locations`, { method: 'POST', body: form });
    };
    const bad = await upload('ma_don_vi;vi_do;kinh_do\nC2;21,05;105,94\nC3;21,05;\n');
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as ErrorJson;
    expect(body.error.code).toBe('INVALID_ROWS');
    expect(body.error.details).toEqual([
      expect.objectContaining({ line: 3, field: 'kinh_do', message: 'thiếu kinh độ' }),
    ]);
    expect(await detail('C2')).toBeNull();
    const ok = await upload('ma_don_vi;vi_do;kinh_do\nC2;21,05;105,94\nC3;21,06;105,95\n', 'Cổng TTĐT huyện');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ file: 'vi-tri.csv', rows: 2, changed: 2, unchanged: 0 });
    expect(await detail('C3')).toMatchObject({ lat: 21.06, lng: 105.95, source: 'Cổng TTĐT huyện' });
  });
});
