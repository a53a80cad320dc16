import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, systemActorNamed } from '../src/access/index.ts';
import type { Db } from '../src/db/database.ts';
import { AppError } from '../src/errors.ts';
import { DIRECT_BYTES, storeDirect } from '../src/imports/direct.ts';
import { importValues, importValueTable } from '../src/values/import.ts';
import { loadCatalog } from '../src/values/write.ts';
import { testDatabases } from './support/databases.ts';
import { countRows, openTestDb, seedFixtures, snapshot } from './support/db.ts';

const actor = systemActorNamed('tester');
const tmp = mkdtempSync(join(tmpdir(), 'tieuchi-values-direct-'));
const columns = ['unit_code', 'indicator', 'period', 'value', 'note'];

/** Months of the years `from`…: 4 communes × 3 figures a month (a percent, a yes/no, a number with a note). */
function monthRows(from: number, months: number): string[][] {
  const rows: string[][] = [];
  for (let k = 0; k < months; k++) {
    const month = `${from + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
    for (const unit of ['C1', 'C2', 'C3', 'C4']) {
      rows.push([unit, 'road_hardened_pct', month, `${k % 100},5`, '']);
      rows.push([unit, 'plan_approved', month, k % 2 ? 'có' : 'không', '']);
      rows.push([unit, 'income_per_capita', month, String(40 + (k % 50)), `ghi chú ${k}, "tháng"`]);
    }
  }
  return rows;
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

function csvFile(name: string, rows: string[][]): string {
  const p = join(tmp, name);
  writeFileSync(p, `${[columns, ...rows].map((r) => r.map(csvCell).join(',')).join('\n')}\n`);
  return p;
}

/** Whether the file would be stored directly (tried in a transaction rolled back). */
async function storedDirectly(db: Db, file: string): Promise<boolean> {
  const catalog = await loadCatalog(db, []);
  class Undo extends Error {
    constructor(readonly stored: boolean) {
      super('undo');
    }
  }
  const err = await db
    .transaction(async (tx) => {
      const r = await storeDirect(tx, {
        bytes: readFileSync(file),
        fileName: basename(file),
        catalog,
        meta: { source: 'import', actor: 'tester', importId: 0 },
      });
      throw new Undo(r !== null);
    })
    .catch((e) => e);
  if (!(err instanceof Undo)) throw err;
  return err.stored;
}

/** What an import left, the import's own id left out (each database numbers its imports). */
async function stored(db: Db, importId: number) {
  return {
    current: await db.query(
      `SELECT period, unit_code, measure_id, num, txt, na, note, source, actor, entered_at, import_id = $1 AS this_import
       FROM value_current WHERE period < '2000' ORDER BY period, unit_code, measure_id`,
      [importId],
    ),
    changes: (
      await db.query<{ n: number }>('SELECT count(*)::int AS n FROM value_changes WHERE import_id = $1', [
        importId,
      ])
    )[0]!.n,
    imports: await db.query('SELECT kind, file_name, rows, changed, actor FROM imports WHERE id = $1', [
      importId,
    ]),
    events: await db.query(
      `SELECT type, actor_name, unit_code, data - 'import_id' AS data FROM audit_events
       WHERE type = 'values.imported' AND (data->>'import_id')::int = $1`,
      [importId],
    ),
    stale: await db.query('SELECT framework_id, period, stale FROM evaluation_runs ORDER BY 1, 2'),
  };
}

describe.each(testDatabases())(
  'a period’s first figures stored straight from the file, on $name',
  (target) => {
    let db: Db;
    /** A second database, where the same files go the staged way: what both store must be the same. */
    let staged: Db;
    beforeAll(async () => {
      db = await openTestDb(target, 'values_direct');
      staged = await openTestDb(target, 'values_direct_staged');
      await seedFixtures(db);
      await seedFixtures(staged);
    });
    afterAll(async () => {
      await db?.close();
      await staged?.close();
    });

    it('stores a large file of new periods directly, exactly as staging would', async () => {
      const rows = monthRows(1000, 2600);
      const file = csvFile('ky-moi.csv', rows);
      expect(statSync(file).size).toBeGreaterThanOrEqual(DIRECT_BYTES);
      expect(await storedDirectly(db, file)).toBe(true);

      const report = await importValues(db, { path: file, actor });
      expect(report).toMatchObject({
        rows: rows.length,
        changed: rows.length,
        unchanged: 0,
        evaluation: 'stale',
      });
      const table = {
        header: columns,
        rows: rows.map((r, i) => ({
          line: i + 2,
          cells: Object.fromEntries(columns.map((c, j) => [c, r[j]!])),
        })),
      };
      const other = await importValueTable(staged, { table, file: 'ky-moi.csv', actor, source: 'import' });
      expect({ ...report, importId: 0 }).toEqual({ ...other, importId: 0 });
      const mine = await stored(db, report.importId);
      expect(mine.current).toHaveLength(rows.length);
      expect(mine).toEqual(await stored(staged, other.importId));
      expect(mine.changes).toBe(rows.length);
      // A figure as an official wrote it: decimal comma, quoted note with a comma and quotes.
      const one = await db.query(
        `SELECT measure_id, num, note FROM value_current WHERE unit_code = 'C3' AND period = '1000-08' ORDER BY 1`,
      );
      expect(one).toEqual([
        { measure_id: 'income_per_capita', num: 47, note: 'ghi chú 7, "tháng"' },
        { measure_id: 'plan_approved', num: 1, note: null },
        { measure_id: 'road_hardened_pct', num: 7.5, note: null },
      ]);

      // The same file again: its periods have figures now, so it is staged; nothing differs.
      expect(await storedDirectly(db, file)).toBe(false);
      expect(await importValues(db, { path: file, actor })).toMatchObject({ changed: 0, evaluation: 'none' });
    });

    it('stages a file it cannot store whole, which then names every bad row and stores nothing', async () => {
      const before = await snapshot(db);
      const imports = await countRows(db, 'imports');
      const rows = monthRows(1250, 2600);
      // A unit only the database can refuse, far down the file; a value out of range at the end.
      const unknown = [
        ...rows.slice(0, 20_000),
        ['XX9', 'road_hardened_pct', '1250-01', '50', ''],
        ...rows.slice(20_000),
      ];
      expect(await storedDirectly(db, csvFile('don-vi-la.csv', unknown))).toBe(false);
      const bad = [...unknown, ['C2', 'road_hardened_pct', '1250-02', '150', '']];
      const file = csvFile('loi.csv', bad);
      expect(await storedDirectly(db, csvFile('gia-tri-sai.csv', [...rows, bad.at(-1)!]))).toBe(false);
      const err = await importValues(db, { path: file, actor }).catch((e) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe('INVALID_ROWS');
      expect(err.details.map((i: { line: number }) => i.line)).toEqual([20_002, bad.length + 1]);
      expect(await snapshot(db)).toBe(before);
      expect(await countRows(db, 'imports')).toBe(imports);
    });

    it('stages a file naming a period that has figures, even far down, and writes only what differs', async () => {
      const fresh = monthRows(1500, 2600);
      // 2024 has the fixtures' figures: C1's road figure changes, C2's is given as it is.
      const [current] = await db.query<{ num: number }>(
        `SELECT num FROM value_current WHERE unit_code = 'C2' AND measure_id = 'road_hardened_pct' AND period = '2024'`,
      );
      const rows = [
        ...fresh,
        ['C1', 'road_hardened_pct', '2024', '12', ''],
        ['C2', 'road_hardened_pct', '2024', String(current!.num).replace('.', ','), ''],
      ];
      const file = csvFile('ky-cu.csv', rows);
      expect(await storedDirectly(db, file)).toBe(false);
      const report = await importValues(db, { path: file, actor });
      expect(report).toMatchObject({ rows: rows.length, changed: fresh.length + 1, unchanged: 1 });
      const [c1] = await db.query<{ num: number; import_id: number }>(
        `SELECT num, import_id FROM value_current WHERE unit_code = 'C1' AND measure_id = 'road_hardened_pct' AND period = '2024'`,
      );
      expect(c1).toEqual({ num: 12, import_id: report.importId });
    });

    it('stages a file touching approved figures, and the approval refuses it', async () => {
      const rows = monthRows(1750, 2600);
      const file = csvFile('da-duyet.csv', rows);
      await db.query(
        `INSERT INTO figure_approvals (framework_id, framework_version, unit_code, period, state, changed_by, approved_by)
       SELECT id, version, 'C3', '1750-05', 'approved', 'tester', 'tester' FROM frameworks WHERE id = 'demo-xa-2024'`,
      );
      try {
        expect(await storedDirectly(db, file)).toBe(false);
        const before = await snapshot(db);
        const err = await importValues(db, { path: file, actor }).catch((e) => e);
        expect(err.code).toBe('FIGURES_APPROVED');
        expect(await snapshot(db)).toBe(before);
      } finally {
        await db.exec(`DELETE FROM figure_approvals WHERE period = '1750-05'`);
      }
      expect(await storedDirectly(db, file)).toBe(true);
    });

    it('refuses a person without the right on one of the units, storing nothing', async () => {
      const officer: Actor = {
        userId: 4,
        username: 'xa',
        grants: [{ role: 'commune_officer', unitCode: 'C1' }],
      };
      const file = csvFile('khong-quyen.csv', monthRows(1750, 2600));
      expect(await storedDirectly(db, file)).toBe(true);
      const before = await snapshot(db);
      const err = await importValues(db, { path: file, actor: officer }).catch((e) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe('FORBIDDEN');
      expect(await snapshot(db)).toBe(before);
    });
  },
);
