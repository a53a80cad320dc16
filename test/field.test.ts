/**
 * Field work (issue 16): offline figures refused as conflicts when the figure changed meanwhile,
 * field photos' place/time/note with their flags, the appraisal delegation's photos, visit dates.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/access/index.ts';
import type { Db } from '../src/db/database.ts';
import { presentIssues } from '../src/errors.ts';
import { distanceKm, readFieldMeta } from '../src/evidence/field.ts';
import { listDossierEvidence } from '../src/evidence/read.ts';
import { uploadEvidence } from '../src/evidence/upload.ts';
import { scheduleVisit } from '../src/evidence/visit.ts';
import { statusForCode } from '../src/http/errors.ts';
import { setUnitLocation } from '../src/units/locations.ts';
import { setValues } from '../src/values/import.ts';
import { listValues } from '../src/values/read.ts';
import { testDatabases } from './support/databases.ts';
import { fixtures, openTestDb } from './support/db.ts';
import {
  dossierIn,
  dossierSnapshot,
  pdfBytes,
  people,
  seedDossierFixtures,
  tempFileStore,
  UNIT,
} from './support/dossiers.ts';

const photo = readFileSync(join(fixtures, 'field-photo.jpg'));
const { commune, transport, finance, office } = people;

describe('field photo metadata, pure', () => {
  it('measures distances on the globe and reads the upload form strictly', () => {
    // Hà Nội (Hoàn Kiếm) → Hải Phòng: about 95 km.
    expect(distanceKm({ lat: 21.0285, lng: 105.8542 }, { lat: 20.8449, lng: 106.6881 })).toBeCloseTo(89.4, 0);
    expect(readFieldMeta({})).toBeNull();
    expect(
      readFieldMeta({
        lat: '21.0434',
        lng: '105.9321',
        taken_at: '2023-11-18T09:14:00+07:00',
        field_note: ' Đường thôn ',
      }),
    ).toEqual({
      lat: 21.0434,
      lng: 105.9321,
      positionSource: 'device',
      takenAt: '2023-11-18T02:14:00.000Z',
      note: 'Đường thôn',
    });
    const err = (() => {
      try {
        readFieldMeta({ lat: '91', taken_at: '2999-01-01T00:00:00Z', position_source: 'gps' });
      } catch (e) {
        return e as { code: string; details: Parameters<typeof presentIssues>[0] };
      }
    })();
    expect(err?.code).toBe('INVALID_REQUEST');
    expect(presentIssues(err!.details, 'vi').map((i) => `${i.field}: ${i.message}`)).toEqual([
      'lat: vĩ độ phải từ -90 đến 90',
      'lng: cần cả vĩ độ và kinh độ',
      'position_source: phải là exif hoặc device',
      'taken_at: thời điểm chụp ở tương lai',
    ]);
  });
});

describe.each(testDatabases())('field work on $name', (target) => {
  let db: Db;
  const store = tempFileStore();
  beforeAll(async () => {
    db = await openTestDb(target, 'field');
    await seedDossierFixtures(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  const current = async (measure: string) =>
    (await listValues(db, { unitCode: UNIT, period: '2024', actor: systemActor })).find(
      (v) => v.measure === measure,
    )!;

  it('refuses an offline figure whose figure changed meanwhile (VALUE_CONFLICT, 409), naming who and the value; stores nothing', async () => {
    const seen = await current('income_per_capita');
    expect(seen.value).toBe(70);
    // Someone else changes it while the officer is offline.
    await setValues(db, {
      actor: { ...systemActor, username: 'can.bo.khac' },
      values: [{ unitCode: UNIT, indicator: 'income_per_capita', period: '2024', value: '71,5' }],
    });
    const before = await dossierSnapshot(db);
    const history = await db.query('SELECT count(*)::int AS n FROM value_changes');
    const err = await setValues(db, {
      actor: commune,
      values: [
        {
          line: 1,
          unitCode: UNIT,
          indicator: 'income_per_capita',
          period: '2024',
          value: '72',
          basedOn: seen.changed_at,
          enteredAt: '2024-11-18T02:00:00.000Z',
        },
      ],
    }).catch((e) => e);
    expect(err.code).toBe('VALUE_CONFLICT');
    expect(statusForCode(err.code)).toBe(409);
    const [issue] = presentIssues(err.details, 'vi');
    expect(issue).toMatchObject({ field: `${UNIT}/income_per_capita/2024`, value: '71,5' });
    expect(issue!.message).toMatch(
      /^can\.bo\.khac đã sửa thành 71,5 lúc \d{2}:\d{2} \d{2}\/\d{2}\/\d{4} \(bạn sửa từ số liệu lúc /,
    );
    expect(await dossierSnapshot(db)).toBe(before);
    expect(await db.query('SELECT count(*)::int AS n FROM value_changes')).toEqual(history);
  });

  it('stores a figure typed from the current version, with its offline time in the history and the audit event', async () => {
    const seen = await current('income_per_capita');
    const r = await setValues(db, {
      actor: commune,
      values: [
        {
          unitCode: UNIT,
          indicator: 'income_per_capita',
          period: '2024',
          value: '72',
          basedOn: seen.changed_at,
          enteredAt: '2024-11-18T02:00:00.000Z',
        },
      ],
    });
    expect(r.changed).toBe(1);
    expect((await current('income_per_capita')).value).toBe(72);
    const [h] = await db.query<{ entered_at: string; actor: string }>(
      `SELECT to_char(entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS entered_at, actor FROM value_changes
       WHERE unit_code = $1 AND measure_id = 'income_per_capita' ORDER BY in_force DESC, id DESC LIMIT 1`,
      [UNIT],
    );
    expect(h).toEqual({ entered_at: '2024-11-18T02:00', actor: commune.username });
    const [ev] = await db.query<{ data: { entered_at?: string } }>(
      `SELECT data FROM audit_events WHERE type = 'value.changed' ORDER BY id DESC LIMIT 1`,
    );
    expect(ev!.data.entered_at).toBe('2024-11-18T02:00:00.000Z');
  });

  it('lets a figure through when the change meanwhile has the same value, or none was there; "none yet" conflicts with one', async () => {
    const seen = await current('income_per_capita');
    await setValues(db, {
      actor: { ...systemActor, username: 'can.bo.khac' },
      values: [{ unitCode: UNIT, indicator: 'income_per_capita', period: '2024', value: '73' }],
    });
    // Same value as the change meanwhile: nothing to choose between.
    await expect(
      setValues(db, {
        actor: commune,
        values: [
          {
            unitCode: UNIT,
            indicator: 'income_per_capita',
            period: '2024',
            value: '73',
            basedOn: seen.changed_at,
          },
        ],
      }),
    ).resolves.toEqual({ changed: 0 });
    // A new figure where none was (2025): no conflict; typed as new where one now exists: conflict.
    await setValues(db, {
      actor: commune,
      values: [
        { unitCode: UNIT, indicator: 'income_per_capita', period: '2025', value: '80', basedOn: null },
      ],
    });
    const err = await setValues(db, {
      actor: commune,
      values: [
        { unitCode: UNIT, indicator: 'income_per_capita', period: '2025', value: '81', basedOn: null },
      ],
    }).catch((e) => e);
    expect(err.code).toBe('VALUE_CONFLICT');
    expect(presentIssues(err.details, 'vi')[0]!.message).toMatch(/khi bạn nhập, số liệu này chưa có/);
    // Without basedOn (imports, older clients) the last write wins as before.
    await expect(
      setValues(db, {
        actor: commune,
        values: [{ unitCode: UNIT, indicator: 'income_per_capita', period: '2025', value: '81' }],
      }),
    ).resolves.toEqual({ changed: 1 });
  });

  it('keeps a field photo’s place, time and note, flagged when far from the unit or outside the visit', async () => {
    const id = await dossierIn(db, store, 'draft', { round: '2024Q4' });
    const field = readFieldMeta({
      lat: '21.0434',
      lng: '105.9321',
      position_source: 'exif',
      taken_at: '2023-11-18T09:14:00+07:00',
      field_note: 'Đường trục thôn đã cứng hóa',
    });
    const [link] = await uploadEvidence(db, store, commune, {
      dossierId: id,
      files: [{ name: 'duong-thon.jpg', bytes: photo }],
      target: { indicatorCodes: ['1.1'] },
      field,
    });
    expect(link).toMatchObject({
      file_type: 'jpeg',
      indicator_code: '1.1',
      field: {
        lat: 21.0434,
        lng: 105.9321,
        position_source: 'exif',
        taken_at: '2023-11-18T02:14:00.000Z',
        note: 'Đường trục thôn đã cứng hóa',
        distance_km: null,
        far_from_unit: false,
        outside_visit: false,
      },
    });
    // Sending it again (an offline queue retrying) changes nothing.
    await uploadEvidence(db, store, commune, {
      dossierId: id,
      files: [{ name: 'duong-thon.jpg', bytes: photo }],
      target: { indicatorCodes: ['1.1'] },
      field,
    });
    expect((await listDossierEvidence(db, id)).filter((l) => l.field)).toHaveLength(1);
    // Once the unit's office is recorded (src/units/locations.ts), earlier photos are flagged too:
    // 200 m away is not far, 30 km away is (default 10 km).
    const locate = (lat: string, lng: string) =>
      setUnitLocation(db, { actor: systemActor, unitCode: UNIT, lat, lng, source: 'Kiểm thử' });
    await locate('21,0452', '105,9321');
    let f = (await listDossierEvidence(db, id)).find((l) => l.field)!.field!;
    expect([f.distance_km, f.far_from_unit]).toEqual([0.2, false]);
    await locate('21,3134', '105,9321');
    f = (await listDossierEvidence(db, id)).find((l) => l.field)!.field!;
    expect([f.distance_km, f.far_from_unit]).toEqual([30, true]);
    await db.query('DELETE FROM unit_locations WHERE unit_code = $1', [UNIT]);
    // An ordinary file has no field data.
    const [plain] = await uploadEvidence(db, store, commune, {
      dossierId: id,
      files: [{ name: 'bien-ban.pdf', bytes: pdfBytes('thuc dia') }],
      target: { indicatorCodes: ['1.1'] },
    });
    expect(plain!.field).toBeNull();
  });

  it('takes field photos from the reviewer of the criterion during the appraisal, flags days outside the visit', async () => {
    const id = await dossierIn(db, store, 'under_appraisal', { round: '2024Q3' });
    const visit = await scheduleVisit(db, office, { dossierId: id, from: '2023-11-17', to: '2023-11-18' });
    expect(visit).toEqual({ from: '2023-11-17', to: '2023-11-18' });
    const upload = (actor: typeof transport, indicator: string, takenAt: string) =>
      uploadEvidence(db, store, actor, {
        dossierId: id,
        files: [{ name: `thuc-dia-${indicator}.jpg`, bytes: Buffer.concat([photo, Buffer.from(takenAt)]) }],
        target: { indicatorCodes: [indicator] },
        field: readFieldMeta({ lat: '21.0434', lng: '105.9321', taken_at: takenAt }),
      });
    // 09:14 on the 18th in Vietnam is inside the visit; 06:00 on the 19th (23:00 UTC on the 18th) is not.
    const [inside] = await upload(transport, '1.1', '2023-11-18T09:14:00+07:00');
    const [outside] = await upload(transport, '1.2', '2023-11-18T23:00:00Z');
    expect([inside!.field!.outside_visit, outside!.field!.outside_visit]).toEqual([false, true]);
    const before = await dossierSnapshot(db);
    // Criterion 2 is the finance department's; the commune may not add files once submitted.
    expect((await upload(transport, '2.1', '2023-11-18T09:00:00+07:00').catch((e) => e)).code).toBe(
      'FORBIDDEN',
    );
    expect((await upload(commune, '1.1', '2023-11-18T09:00:00+07:00').catch((e) => e)).code).toBe(
      'DOSSIER_LOCKED',
    );
    // Without field data a reviewer's upload is an ordinary one: refused as before.
    const plain = await uploadEvidence(db, store, finance, {
      dossierId: id,
      files: [{ name: 'x.jpg', bytes: photo }],
      target: { indicatorCodes: ['2.1'] },
    }).catch((e) => e);
    expect(plain.code).toBe('FORBIDDEN');
    // Only the coordination office sets the visit, and the last day is not before the first.
    expect(
      (
        await scheduleVisit(db, transport, { dossierId: id, from: '2023-11-17', to: '2023-11-18' }).catch(
          (e) => e,
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await scheduleVisit(db, office, { dossierId: id, from: '2023-11-18', to: '2023-11-17' }).catch(
          (e) => e,
        )
      ).code,
    ).toBe('INVALID_REQUEST');
    expect(await dossierSnapshot(db)).toBe(before);
  });
});
