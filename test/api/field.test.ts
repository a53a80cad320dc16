// Field work over HTTP: an offline figure's conflict is a 409 with the stable code and nothing
// stored; a field photo's place, time and note travel in the multipart upload and come back
// with the evidence; bad metadata is a 400 naming each field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/database.ts';
import { startServer } from '../../src/server.ts';
import { testDatabases } from '../support/databases.ts';
import { fixtures, openTestDb } from '../support/db.ts';
import { dossierIn, seedDossierFixtures, tempFileStore, UNIT } from '../support/dossiers.ts';

const photo = readFileSync(join(fixtures, 'field-photo.jpg'));

describe.each(testDatabases())('field work API on $name', (target) => {
  let db: Db;
  let server: { url: string; close(): Promise<void> };
  const store = tempFileStore();
  beforeAll(async () => {
    db = await openTestDb(target, 'api_field');
    await seedDossierFixtures(db);
    server = await startServer(db, { port: 0, host: '127.0.0.1', files: store, auth: 'off' });
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const postValue = (value: string, basedOn: string | null) =>
    fetch(`${server.url}/api/values`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user': 'can.bo.xa' },
      body: JSON.stringify({
        values: [
          {
            unit_code: UNIT,
            indicator: 'income_per_capita',
            period: '2024',
            value,
            based_on: basedOn,
            entered_at: '2024-11-18T02:00:00.000Z',
          },
        ],
      }),
    });

  it('answers 409 VALUE_CONFLICT for a figure changed since the version sent, and 200 from the current one', async () => {
    const read = async () =>
      (
        (await (await fetch(`${server.url}/api/values?unit=${UNIT}&period=2024`)).json()) as {
          values: Array<{ measure: string; value: number; changed_at: string }>;
        }
      ).values.find((v) => v.measure === 'income_per_capita')!;
    const seen = await read();
    expect((await postValue('71', seen.changed_at)).status).toBe(200);
    const stale = await postValue('72', seen.changed_at);
    expect(stale.status).toBe(409);
    const body = (await stale.json()) as {
      error: { code: string; details: Array<{ field: string; value: string }> };
    };
    expect(body.error.code).toBe('VALUE_CONFLICT');
    expect(body.error.details).toEqual([
      expect.objectContaining({ field: `${UNIT}/income_per_capita/2024`, value: '71' }),
    ]);
    expect((await read()).value).toBe(71);
    const fresh = await read();
    expect((await postValue('72', fresh.changed_at)).status).toBe(200);
    expect((await read()).value).toBe(72);
    const badTime = await fetch(`${server.url}/api/values`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-user': 'can.bo.xa' },
      body: JSON.stringify({
        values: [
          {
            unit_code: UNIT,
            indicator: 'income_per_capita',
            period: '2024',
            value: '73',
            based_on: 'hôm qua',
          },
        ],
      }),
    });
    expect(badTime.status).toBe(400);
    expect(
      ((await badTime.json()) as { error: { details: Array<{ field: string }> } }).error.details[0]!.field,
    ).toBe('values[0].based_on');
  });

  it('stores a field photo’s place, time and note from the upload form, and refuses bad ones naming the field', async () => {
    const id = await dossierIn(db, store, 'draft', { round: '2024Q4' });
    const upload = (fields: Record<string, string>) => {
      const form = new FormData();
      form.append('dossier_id', String(id));
      form.append('indicator', '1.1');
      form.append('file', new Blob([photo], { type: 'image/jpeg' }), 'IMG_0914.jpg');
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      return fetch(`${server.url}/api/evidence`, {
        method: 'POST',
        body: form,
        headers: { 'x-user': 'can.bo.xa' },
      });
    };
    const bad = await upload({ lat: '21.0434', taken_at: 'sáng nay' });
    expect(bad.status).toBe(400);
    const refusal = (await bad.json()) as { error: { code: string; details: Array<{ field: string }> } };
    expect(refusal.error.code).toBe('INVALID_REQUEST');
    expect(refusal.error.details.map((d) => d.field)).toEqual(['lng', 'taken_at']);
    const ok = await upload({
      lat: '21.0434',
      lng: '105.9321',
      position_source: 'exif',
      taken_at: '2023-11-18T09:14:00+07:00',
      field_note: 'Đường trục thôn',
    });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { evidence: Array<{ field: unknown }>; visit: unknown };
    expect(body.visit).toBeNull();
    expect(body.evidence[0]!.field).toEqual({
      lat: 21.0434,
      lng: 105.9321,
      position_source: 'exif',
      taken_at: '2023-11-18T02:14:00.000Z',
      note: 'Đường trục thôn',
      distance_km: null,
      far_from_unit: false,
      outside_visit: false,
    });
  });
});
