import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActorNamed } from '../src/access/index.ts';
import type { Db } from '../src/db/database.ts';
import { AppError } from '../src/errors.ts';
import { CHUNK_ROWS } from '../src/imports/stage-rows.ts';
import { render } from '../src/text.ts';
import { importValues } from '../src/values/import.ts';
import { testDatabases } from './support/databases.ts';
import { countRows, openTestDb, seedFixtures, snapshot } from './support/db.ts';

const actor = systemActorNamed('tester');
const tmp = mkdtempSync(join(tmpdir(), 'tieuchi-values-import-'));
function csvFile(name: string, lines: string[]): string {
  const p = join(tmp, name);
  writeFileSync(p, `${lines.join('\n')}\n`);
  return p;
}

const header = 'unit_code,indicator,period,value,note';
const month = (k: number) => `${1000 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;

/** More rows than one staged chunk: 4 communes × 3 figures × `months` months, all valid. */
function bigRows(months: number): string[] {
  const rows: string[] = [];
  for (let k = 0; k < months; k++)
    for (const unit of ['C1', 'C2', 'C3', 'C4']) {
      rows.push(`${unit},road_hardened_pct,${month(k)},"${k % 100},5",`);
      rows.push(`${unit},plan_approved,${month(k)},${k % 2 ? 'có' : 'không'},`);
      rows.push(`${unit},income_per_capita,${month(k)},${40 + (k % 50)},ghi chú ${k}`);
    }
  return rows;
}

describe.each(testDatabases())('set-wise values import on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'values_import');
    await seedFixtures(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('names every bad row of every kind, across chunks, and stores nothing', async () => {
    const before = await snapshot(db);
    const good = bigRows(Math.ceil(CHUNK_ROWS / 12) + 10); // lines 2 … past the first chunk
    const last = good.length + 1;
    const lines = [
      header,
      ...good,
      'XX9,road_hardened_pct,2024,50,', // unknown unit
      'C5,plan_approved,2024,có,', // unit not valid in the period (C5 from 2025)
      'C1,no_such_measure,2024,1,', // unknown indicator
      'C1,demo-huyen-2024:1.1,2024,50,', // derived indicator: not entered
      'C1,road_hardened_pct,2024Q5,50,', // bad period
      'C2,road_hardened_pct,2024,150,', // percent out of range
      'C2,plan_approved,2024,maybe,', // not a boolean
      'C3,income_per_capita,2024,nhiều,', // not a number
      'C3,income_per_capita,2023,,', // empty value
      'C1,road_hardened_pct,1000-01,"60",', // duplicate of line 2, in another chunk
      'XX9,no_such_measure,20245,x,', // three problems on one row
    ];
    const file = csvFile('loi-moi-loai.csv', lines);
    const err = await importValues(db, { path: file, actor }).catch((e) => e);
    expect(err.code).toBe('INVALID_ROWS');
    const at = (n: number) => last + n;
    expect(err.details.map((d: { line: number; field: string }) => `${d.line}:${d.field}`)).toEqual([
      `${at(1)}:unit_code`,
      `${at(2)}:unit_code`,
      `${at(3)}:indicator`,
      `${at(4)}:indicator`,
      `${at(5)}:period`,
      `${at(6)}:value`,
      `${at(7)}:value`,
      `${at(8)}:value`,
      `${at(9)}:value`,
      `${at(10)}:indicator`,
      `${at(11)}:period`,
      `${at(11)}:indicator`,
      `${at(11)}:unit_code`,
    ]);
    const vi = err.details.map((d: { message: Parameters<typeof render>[0] }) => render(d.message, 'vi'));
    expect(vi[0]).toBe('không có đơn vị với mã này');
    expect(vi[1]).toMatch(
      /^đơn vị không tồn tại trong kỳ 2024 \(hiệu lực: 2025-01-01 – 2025-06-30; 2025-07-01 – …\)$/,
    );
    expect(vi[2]).toMatch(/không có số liệu hay chỉ tiêu với mã này/);
    expect(vi[3]).toMatch(/tính tự động/);
    expect(vi[4]).toMatch(/kỳ không hợp lệ/);
    expect(vi[5]).toMatch(/0–100/);
    expect(vi[6]).toMatch(/true\/false/);
    expect(vi[7]).toMatch(/không phải số/);
    expect(vi[8]).toMatch(/thiếu giá trị/);
    expect(vi[9]).toBe('trùng với dòng 2 (cùng đơn vị, số liệu, kỳ)');
    expect(render(err.message, 'vi')).toBe(
      'Tệp loi-moi-loai.csv: 13 lỗi ở 11 dòng, không có số liệu nào được lưu',
    );
    expect(await snapshot(db)).toBe(before);
  });

  it('names a repeated figure after its first row, and a repeat of a refused unit for its unit only', async () => {
    const before = await snapshot(db);
    const file = csvFile('lap-lai.csv', [
      header,
      'C1,road_hardened_pct,2024,"50,5",', // 2
      'C1,road_hardened_pct,2024,51,', // 3: repeat of 2
      'XX9,road_hardened_pct,2024,50,', // 4: unknown unit
      'XX9,road_hardened_pct,2024,50,', // 5: the same again: named for its unit only
      'C1,road_hardened_pct,2024,abc,', // 6: its own problem (not compared)
      'C1,road_hardened_pct,2024,52,', // 7: repeat of 2
      'C2,road_hardened_pct,2024,"60,5",', // 8: fine
    ]);
    const err = await importValues(db, { path: file, actor }).catch((e) => e);
    expect(err.code).toBe('INVALID_ROWS');
    const repeat = 'trùng với dòng 2 (cùng đơn vị, số liệu, kỳ)';
    expect(
      err.details.map(
        (d: { line: number; field: string; message: Parameters<typeof render>[0] }) =>
          `${d.line} ${d.field}: ${render(d.message, 'vi')}`,
      ),
    ).toEqual([
      `3 indicator: ${repeat}`,
      '4 unit_code: không có đơn vị với mã này',
      '5 unit_code: không có đơn vị với mã này',
      expect.stringMatching(/^6 value: không phải số phần trăm/),
      `7 indicator: ${repeat}`,
    ]);
    expect(await snapshot(db)).toBe(before);
  });

  it('reads Vietnamese headers, with or without tone marks, in any order, as the English keys', async () => {
    // The same figures under three headers, each in its own period; extra columns are left out.
    const rows = (period: string) => [
      ['C1', 'road_hardened_pct', period, '"70,5"', 'đo lại'],
      ['C2', 'plan_approved', period, 'có', ''],
      ['C3', 'income_per_capita', period, '45', ''],
    ];
    const variants: Array<[string, string, (r: string[]) => string]> = [
      ['2023-01', header, (r) => r.join(',')],
      [
        '2023-02',
        'Ghi chú,Mã đơn vị,Chỉ tiêu,Kỳ báo cáo,Giá trị,Người nhập',
        ([u, i, p, v, n]) => [n, u, i, p, v, 'Lan'].join(','),
      ],
      ['2023-03', 'MA DON VI;ma chi tieu;Ky;gia tri', ([u, i, p, v]) => [u, i, p, v].join(';')],
    ];
    const stored: unknown[] = [];
    for (const [period, head, line] of variants) {
      const file = csvFile(`tieu-de-${period}.csv`, [head, ...rows(period).map(line)]);
      const report = await importValues(db, { path: file, actor });
      expect(report).toMatchObject({ rows: 3, changed: 3 });
      stored.push(
        await db.query(
          `SELECT unit_code, measure_id, num, txt, na, note FROM value_current WHERE period = $1
           ORDER BY unit_code, measure_id`,
          [period],
        ),
      );
    }
    expect(stored[0]).toHaveLength(3);
    expect(stored[0]).toContainEqual(expect.objectContaining({ unit_code: 'C1', num: 70.5, note: 'đo lại' }));
    expect(stored[1]).toEqual(stored[0]);
    // The third file has no note column: the same figures, without the note.
    expect(stored[2]).toEqual(
      (stored[0] as Array<{ note: string | null }>).map((r) => ({ ...r, note: null })),
    );
  });

  it('names a missing column in Vietnamese, and each bad cell under the header the file gives it', async () => {
    const before = await snapshot(db);
    const missing = await importValues(db, {
      path: csvFile('thieu-cot.csv', ['Mã đơn vị,Chỉ tiêu,Giá trị', 'C1,road_hardened_pct,50']),
      actor,
    }).catch((e) => e);
    expect(missing.code).toBe('FILE_FORMAT');
    expect(missing.message).toMatch(/^Thiếu cột: "Kỳ"\. Tệp cần các cột: Mã đơn vị, Chỉ tiêu, Kỳ, Giá trị/);
    const twice = await importValues(db, {
      path: csvFile('trung-cot.csv', [
        'Mã đơn vị,unit_code,Chỉ tiêu,Kỳ,Giá trị',
        'C1,C1,road_hardened_pct,2024,50',
      ]),
      actor,
    }).catch((e) => e);
    expect(twice.code).toBe('FILE_FORMAT');
    expect(twice.message).toMatch(/Cột bị trùng: Mã đơn vị \(Mã đơn vị, unit_code\)/);

    const file = csvFile('loi-tieu-de-viet.csv', [
      'Ma don vi,Mã chỉ tiêu,Kỳ báo cáo,GIÁ TRỊ',
      'XX9,road_hardened_pct,2024,50', // 2: unknown unit (checked in the database)
      'C1,no_such_measure,2024,1', // 3
      'C1,road_hardened_pct,2024Q5,50', // 4
      'C2,road_hardened_pct,2024,150', // 5
      'C2,plan_approved,2024,có', // 6: fine
      'C2,plan_approved,2024,không', // 7: repeat of 6
    ]);
    const err = await importValues(db, { path: file, actor }).catch((e) => e);
    expect(err.code).toBe('INVALID_ROWS');
    expect(err.details.map((d: { line: number; field: string }) => `${d.line}:${d.field}`)).toEqual([
      '2:Ma don vi',
      '3:Mã chỉ tiêu',
      '4:Kỳ báo cáo',
      '5:GIÁ TRỊ',
      '7:Mã chỉ tiêu',
    ]);
    expect(await snapshot(db)).toBe(before);
  });

  it('all or nothing: a failure while storing, past the first statements, leaves the database as it was', async () => {
    const rows = bigRows(Math.ceil(CHUNK_ROWS / 6)); // ~2 chunks, several page ranges on PGlite
    const failing = rows[rows.length - 1]!.split(',');
    const file = csvFile('lon.csv', [header, ...rows]);
    const before = await snapshot(db);
    const imports = await countRows(db, 'imports');
    await db.exec(`
      CREATE FUNCTION fail_on_last() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.unit_code = '${failing[0]}' AND NEW.measure_id = '${failing[1]}' AND NEW.period = '${failing[2]}' THEN
          RAISE EXCEPTION 'hỏng giữa chừng';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER fail_on_last BEFORE INSERT ON value_current FOR EACH ROW EXECUTE FUNCTION fail_on_last();`);
    try {
      const err = await importValues(db, { path: file, actor }).catch((e) => e);
      expect(String(err.message)).toMatch(/hỏng giữa chừng/);
    } finally {
      await db.exec('DROP TRIGGER fail_on_last ON value_current; DROP FUNCTION fail_on_last();');
    }
    expect(await snapshot(db)).toBe(before);
    expect(await countRows(db, 'imports')).toBe(imports);

    // Without the failure the same file is stored whole: current figures, history, one event.
    const report = await importValues(db, { path: file, actor });
    expect(report).toMatchObject({
      rows: rows.length,
      changed: rows.length,
      unchanged: 0,
      evaluation: 'stale',
    });
    const stored = await db.query<{ n: number; notes: number }>(
      `SELECT count(*)::int AS n, count(note)::int AS notes FROM value_current WHERE period LIKE '1%-%' AND source = 'import'`,
    );
    expect(stored[0]).toEqual({ n: rows.length, notes: rows.length / 3 });
    const history = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM value_changes WHERE import_id = $1',
      [report.importId],
    );
    expect(history[0]!.n).toBe(rows.length);
    const one = await db.query<{ num: number; note: string }>(
      `SELECT num, note FROM value_current WHERE unit_code = 'C3' AND measure_id = 'income_per_capita' AND period = $1`,
      [month(7)],
    );
    expect(one).toEqual([{ num: 47, note: 'ghi chú 7' }]);
    const events = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE type = 'values.imported' AND (data->>'import_id')::int = $1`,
      [report.importId],
    );
    expect(events[0]!.n).toBe(1);
    // The same file again changes nothing.
    expect(await importValues(db, { path: file, actor })).toMatchObject({ changed: 0, evaluation: 'none' });
  });

  it('a file mixing changed, unchanged and new figures, across page ranges: only what differs is written', async () => {
    // Months of the years 1500… (no other test uses them); 4 communes × 3 figures a month.
    const at = (k: number) => `${1500 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
    const row = (unit: string, k: number, v: number) => `${unit},income_per_capita,${at(k)},${v},`;
    const first: string[] = [];
    const second: string[] = [];
    const units = ['C1', 'C2', 'C3', 'C4'];
    for (let k = 0; k < 400; k++)
      for (const unit of units) {
        first.push(row(unit, k, 10 + k));
        // C1's odd months change; the rest stay as they are.
        second.push(row(unit, k, unit === 'C1' && k % 2 ? 20 + k : 10 + k));
      }
    // Then 400 months no figure of which exists yet.
    for (let k = 400; k < 800; k++) for (const unit of units) second.push(row(unit, k, 30 + k));
    const a = await importValues(db, { path: csvFile('dau.csv', [header, ...first]), actor });
    expect(a.changed).toBe(1600);
    const b = await importValues(db, { path: csvFile('sau.csv', [header, ...second]), actor });
    expect(b).toMatchObject({ rows: 3200, changed: 200 + 1600, unchanged: 1400 });
    const current = await db.query<{ unit_code: string; period: string; num: number }>(
      `SELECT unit_code, period, num FROM value_current WHERE period LIKE '1%-%' AND period >= '1500'
         AND measure_id = 'income_per_capita' ORDER BY period, unit_code`,
    );
    const expected = second
      .map((l) => l.split(','))
      .sort((x, y) => (x[2]! + x[0]!).localeCompare(y[2]! + y[0]!));
    expect(current.map((c) => `${c.unit_code},${c.period},${c.num}`)).toEqual(
      expected.map((e) => `${e[0]},${e[2]},${e[3]}`),
    );
    // The second import's history holds exactly the figures it changed or added.
    const history = await db.query<{ unit_code: string; period: string; num: number }>(
      'SELECT unit_code, period, num FROM value_changes WHERE import_id = $1 ORDER BY period, unit_code',
      [b.importId],
    );
    expect(history).toHaveLength(1800);
    expect(history.filter((h) => h.period < at(400)).every((h) => h.unit_code === 'C1')).toBe(true);
    expect(await countRows(db, `value_changes WHERE period >= '1500' AND period < '${at(400)}'`)).toBe(
      1600 + 200,
    );
    // The values C1's odd months had before are kept, superseded, with the first import's id.
    expect(await countRows(db, `value_history WHERE period >= '1500' AND import_id = ${a.importId}`)).toBe(
      200,
    );
  });

  // PGlite runs one transaction at a time: only PostgreSQL has two writers of one new figure.
  it.runIf(target.name === 'postgres')(
    'a new figure entered by someone else while a file is stored: 409 naming it in Vietnamese, nothing of the file stored',
    async () => {
      const file = csvFile('race.csv', [
        header,
        'C2,road_hardened_pct,2022Q2,"55,5",',
        'C3,road_hardened_pct,2022Q2,70,',
      ]);
      let storing: Promise<unknown> | undefined;
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO value_current (period, unit_code, measure_id, num, source, actor)
           VALUES ('2022Q2', 'C2', 'road_hardened_pct', 60, 'typed', 'other')`,
        );
        storing = importValues(db, { path: file, actor }).catch((e) => e);
        // Until the file's store waits on the figure entered here (not yet committed).
        for (let waited = 0; ; waited += 50) {
          const [w] = await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          if (w!.n > 0) break;
          if (waited > 20_000) throw new Error('the import never waited on the figure');
          await new Promise((r) => setTimeout(r, 50));
        }
      });
      const err = (await storing) as AppError;
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe('VALUE_CONFLICT');
      expect(render(err.message, 'vi')).toMatch(/vừa được người khác nhập; không có gì được lưu/);
      expect(err.details).toHaveLength(1);
      expect(err.details[0]!.field).toBe('C2/road_hardened_pct/2022Q2');
      expect(render(err.details[0]!.message, 'vi')).toBe(
        'đơn vị C2, số liệu road_hardened_pct, kỳ 2022Q2: vừa được nhập cùng lúc',
      );
      const stored = await db.query<{ unit_code: string; num: number; source: string }>(
        `SELECT unit_code, num, source FROM value_current WHERE period = '2022Q2' ORDER BY unit_code`,
      );
      expect(stored).toEqual([{ unit_code: 'C2', num: 60, source: 'typed' }]);
      expect(await countRows(db, "value_history WHERE period = '2022Q2'")).toBe(0);
    },
  );
});
