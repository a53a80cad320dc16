import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, systemActorNamed } from '../src/access/index.ts';
import { cachedSession, cacheSession } from '../src/accounts/session-cache.ts';
import { type NewAuditEvent, recordEvent, recordEvents } from '../src/audit/events.ts';
import { exportEventsXlsx } from '../src/audit/export.ts';
import { listEvents } from '../src/audit/list.ts';
import { eventName, eventSummary } from '../src/audit/present.ts';
import type { Db } from '../src/db/database.ts';
import { periodLabel } from '../src/engine/periods.ts';
import { AppError } from '../src/errors.ts';
import { createDraft, publishDraft } from '../src/frameworks/drafts.ts';
import { importFramework } from '../src/frameworks/import.ts';
import { importValueTable, setValues } from '../src/values/import.ts';
import { untypedAuditEvents } from './support/audit.ts';
import { testDatabases } from './support/databases.ts';
import { countRows, fixtures, openTestDb, seedFixtures, snapshot } from './support/db.ts';

const officer: Actor = {
  userId: 7,
  username: 'can.bo.an',
  grants: [{ role: 'commune_officer', unitCode: 'C1' }],
};
const leader: Actor = { userId: 8, username: 'lanh.dao', grants: [{ role: 'leader', unitCode: 'P1' }] };

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

const table = (rows: string[][]) => ({
  header: ['unit_code', 'indicator', 'period', 'value'],
  rows: rows.map((cells, i) => ({
    line: i + 2,
    cells: { unit_code: cells[0]!, indicator: cells[1]!, period: cells[2]!, value: cells[3]! },
  })),
});

describe.each(testDatabases())('audit trail on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'audit');
    await seedFixtures(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  /** Runs a refused change and proves that nothing, audit trail included, was touched. */
  async function expectRefusedUntouched(change: () => Promise<unknown>, code: string): Promise<void> {
    const before = await snapshot(db);
    const events = await countRows(db, 'audit_events');
    expect((await failure(change())).code).toBe(code);
    expect(await snapshot(db)).toBe(before);
    expect(await countRows(db, 'audit_events')).toBe(events);
  }

  it('records each changed figure with its previous state, in the transaction of the change', async () => {
    const values = [
      { unitCode: 'C1', indicator: 'road_hardened_pct', period: '2024', value: '93,5', note: 'đo lại' },
      { unitCode: 'C1', indicator: 'plan_approved', period: '2024', value: 'có' }, // unchanged
    ];
    expect(await setValues(db, { values, actor: officer })).toEqual({ changed: 1 });
    const { events } = await listEvents(db, { unitCode: 'C1', limit: 10, offset: 0 });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'value.changed',
      actor_user_id: 7,
      actor_name: 'can.bo.an',
      unit_code: 'C1',
      dossier_id: null,
      data: {
        measure: 'road_hardened_pct',
        period: '2024',
        source: 'typed',
        value: { num: 93.5, txt: null, na: false, note: 'đo lại' },
        previous: { num: 92, txt: null, na: false, note: null },
      },
    });
    const history = await db.query<{ actor: string }>(
      "SELECT actor FROM value_changes WHERE unit_code = 'C1' AND measure_id = 'road_hardened_pct' ORDER BY in_force DESC, id DESC LIMIT 1",
    );
    expect(history[0]!.actor).toBe('can.bo.an');
  });

  it('writes nothing, audit trail included, when a change is refused', async () => {
    const c4 = { unitCode: 'C4', indicator: 'road_hardened_pct', period: '2024', value: '10' };
    const c1 = { unitCode: 'C1', indicator: 'road_hardened_pct', period: '2024', value: '11' };
    await expectRefusedUntouched(() => setValues(db, { values: [c4], actor: officer }), 'FORBIDDEN');
    await expectRefusedUntouched(() => setValues(db, { values: [c1, c4], actor: officer }), 'FORBIDDEN');
    await expectRefusedUntouched(() => setValues(db, { values: [c1], actor: leader }), 'FORBIDDEN');
    await expectRefusedUntouched(
      () => setValues(db, { values: [{ ...c1, value: 'abc' }], actor: officer }),
      'INVALID_VALUES',
    );
    const rows = table([['C4', 'road_hardened_pct', '2024', '10']]);
    await expectRefusedUntouched(
      () => importValueTable(db, { table: rows, file: 'xa-dong.csv', actor: officer, source: 'import' }),
      'FORBIDDEN',
    );
    const yaml = readFileSync(join(fixtures, 'demo-xa-2024.yaml'), 'utf8').replace(
      'name:',
      'name: Bản sửa —',
    );
    await expectRefusedUntouched(
      () => createDraft(db, { fileName: 'demo.yaml', content: Buffer.from(yaml), actor: leader }),
      'FORBIDDEN',
    );
  });

  it('leaves no event behind when the transaction that recorded it rolls back', async () => {
    const events = await countRows(db, 'audit_events');
    await db
      .transaction(async (tx) => {
        await recordEvent(tx, {
          type: 'dossier.transitioned',
          actor: officer,
          unitCode: 'C1',
          dossierId: 1,
          data: { from: 'draft', to: 'submitted', note: null },
        });
        throw new Error('later step failed');
      })
      .catch(() => undefined);
    expect(await countRows(db, 'audit_events')).toBe(events);
  });

  it('empties the session cache only once the transaction that changed accounts commits', async () => {
    const now = Date.now();
    const entry = { session: { user: 'x' }, db, readAt: now, lastSeen: now, expiresAt: now + 60_000 };
    const cached = () => cachedSession(db, 'audit-test-token', Date.now(), 60_000);
    const accountChange = (tx: Db) =>
      recordEvent(tx, {
        type: 'user.deactivated',
        actor: systemActorNamed('quan.tri'),
        data: { user_id: 9999, username: 'khong.co' },
      });
    cacheSession('audit-test-token', entry);
    let seenInside: unknown = 'not run';
    await db
      .transaction(async (tx) => {
        await accountChange(tx);
        seenInside = cached();
        throw new Error('later step failed');
      })
      .catch(() => undefined);
    // Neither while the transaction ran nor after its rollback.
    expect(seenInside).toEqual({ user: 'x' });
    expect(cached()).toEqual({ user: 'x' });

    await db.transaction(async (tx) => {
      await accountChange(tx);
      seenInside = cached();
    });
    expect(seenInside).toEqual({ user: 'x' });
    expect(cached()).toBeNull();
  });

  it('refuses an event type that payloads.ts does not list, writing nothing', async () => {
    const events = await countRows(db, 'audit_events');
    const bogus = { type: 'dossier.submitted', actor: officer, data: {} } as unknown as NewAuditEvent;
    await expect(db.transaction((tx) => recordEvents(tx, [bogus]))).rejects.toThrow(
      /unknown audit event type/,
    );
    expect(await countRows(db, 'audit_events')).toBe(events);
  });

  it('records imports, framework versions and publishing', async () => {
    const rows = table([
      ['C1', 'income_per_capita', '2024', '80'],
      ['C1', 'plan_approved', '2024', 'có'],
    ]);
    const report = await importValueTable(db, {
      table: rows,
      file: 'xa-an.csv',
      actor: officer,
      source: 'import',
    });
    expect(report.changed).toBe(1);
    const imported = (await listEvents(db, { userId: 7, limit: 1, offset: 0 })).events[0];
    expect(imported).toMatchObject({
      type: 'values.imported',
      unit_code: 'C1',
      data: { file: 'xa-an.csv', rows: 2, changed: 1, source: 'import', import_id: expect.any(Number) },
    });

    const yaml = readFileSync(join(fixtures, 'demo-xa-2024.yaml'), 'utf8').replace(
      'name:',
      'name: Bản sửa —',
    );
    const draft = await createDraft(db, {
      fileName: 'demo.yaml',
      content: Buffer.from(yaml),
      actor: systemActorNamed('quan.tri'),
    });
    await publishDraft(db, {
      id: 'demo-xa-2024',
      version: draft.draft!.version,
      actor: systemActorNamed('quan.tri'),
    });
    const again = yaml.replace('name: Bản sửa —', 'name: Bản sửa lần hai —');
    await importFramework(db, { text: again, fileName: 'demo.yaml', actor: systemActorNamed('quan.tri') });
    const fw = await db.query<{ type: string; actor_name: string; data: { version: number } }>(
      "SELECT type, actor_name, data FROM audit_events WHERE type LIKE 'framework.%' ORDER BY id",
    );
    expect(fw.map((e) => [e.type, e.data.version])).toEqual([
      ['framework.imported', 1], // the fixtures
      ['framework.imported', 1],
      ['framework.drafted', 2],
      ['framework.published', 2],
      ['framework.imported', 3],
    ]);
    expect(fw.at(-1)!.actor_name).toBe('quan.tri');
  });

  it('filters by unit, person, dossier and time, newest first, with paging', async () => {
    const all = await listEvents(db, { limit: 500, offset: 0 });
    expect(all.total).toBe(all.events.length);
    const times = all.events.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    const page = await listEvents(db, { limit: 2, offset: 1 });
    expect(page.events.map((e) => e.id)).toEqual(all.events.slice(1, 3).map((e) => e.id));
    expect(page.total).toBe(all.total);
    expect((await listEvents(db, { userId: 7, limit: 50, offset: 0 })).events.map((e) => e.type)).toEqual([
      'values.imported',
      'value.changed',
    ]);
    expect((await listEvents(db, { dossierId: 1, limit: 50, offset: 0 })).total).toBe(0);
    expect((await listEvents(db, { from: '2000-01-01', to: '2000-12-31', limit: 50, offset: 0 })).total).toBe(
      0,
    );
    const today = new Date().toISOString().slice(0, 10);
    const recent = await listEvents(db, { unitCode: 'C1', from: today, limit: 50, offset: 0 });
    expect(recent.total).toBe(2);
  });

  it('exports the trail to .xlsx with Vietnamese headings', async () => {
    const buffer = await exportEventsXlsx(db, { unitCode: 'C1' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Nhật ký')!;
    const texts: string[] = [];
    sheet.eachRow((row) => {
      texts.push((row.values as unknown[]).slice(1).map(String).join(' | '));
    });
    expect(texts.find((t) => t.startsWith('Thời điểm'))).toMatch(/Sự kiện \| Mã sự kiện \| Người thực hiện/);
    expect(texts.some((t) => /Sửa số liệu \| value\.changed \| can\.bo\.an \| 7 \| C1/.test(t))).toBe(true);
    expect(texts.some((t) => /Nhập tệp số liệu \| values\.imported/.test(t))).toBe(true);
    // Details in words: the indicator code instead of the measure key, the period as people say it.
    const changed = texts.find((t) => / \| value\.changed \| /.test(t))!;
    expect(changed).toMatch(/Chỉ tiêu: \d+(\.\d+)*( ·|$)/);
    expect(changed).toMatch(/Kỳ: Năm 2024( ·|$)/);
    expect(changed).toMatch(/Giá trị: 93,5( ·|$)/);
    expect(changed).not.toMatch(/road_hardened_pct|"num"/);
  });

  it("names events, roles, periods and coded values in the reader's language", () => {
    const names = { measures: new Map([['commune_road_paved_pct', '2.1']]) };
    const granted = { data: { grant_id: 3, user_id: 9, username: 'demo.xa', role: 'commune_officer' } };
    expect(eventName('login.succeeded', 'vi')).toBe('Đăng nhập thành công');
    expect(eventName('login.succeeded', 'en')).toBe('Logged in');
    expect(eventSummary(granted, 'vi', names)).toBe('Tài khoản: demo.xa · Vai trò: Cán bộ xã');
    expect(eventSummary(granted, 'en', names)).toBe('Account: demo.xa · Role: Commune officer');
    const figure = {
      data: {
        measure: 'commune_road_paved_pct',
        period: '2026Q1',
        value: { num: 92.5, txt: null, na: false },
      },
    };
    expect(eventSummary(figure, 'vi', names)).toBe('Chỉ tiêu: 2.1 · Kỳ: Quý 1/2026 · Giá trị: 92,5');
    expect(eventSummary({ data: { reason: 'wrong_password', state: 'submitted' } }, 'vi', names)).toBe(
      'Lý do: sai mật khẩu · Trạng thái: Đã nộp',
    );
    expect(periodLabel('2026-12', 'vi')).toBe('Tháng 12/2026');
    expect(periodLabel('2026', 'en')).toBe('Year 2026');
  });

  it("stores data that parses with its type's schema, for every event this suite recorded", async () => {
    const { checked, wrong } = await untypedAuditEvents(db);
    expect(checked).toBeGreaterThan(3);
    expect(wrong).toEqual([]);
  });
});
