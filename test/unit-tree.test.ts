import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/database.ts';
import { loadTree, toNode, type UnitRow, unitColumns, unitFacts } from '../src/units/tree.ts';
import { testDatabases } from './support/databases.ts';
import { openTestDb } from './support/db.ts';

describe.each(testDatabases())('the unit tree on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'unit_tree');
    await db.query(
      `INSERT INTO units (code, valid_from, valid_to, name, kind, parent_code, successors, attributes) VALUES
        ('01', '0001-01-01', '9999-12-31', 'Thành phố Hà Nội', 'province', NULL, '{}', '{}'),
        ('001', '0001-01-01', '2025-06-30', 'Quận "Ba Đình", cũ', 'district', '01', '{00004,"x,y"}', '{"region":"ĐBSH"}'),
        ('00004', '2025-07-01', '9999-12-31', E'Phường Ba Đình\nmới', 'ward', '01', '{}',
          $1::jsonb),
        ('00007', '0001-01-01', '9999-12-31', 'Xã Đông Anh', 'commune', '001', '{}', '{"group":"1","note":"có, \\"khó\\""}')`,
      [JSON.stringify({ region: 'ĐBSH', quote: 'a "b", c', line: 'x\ny' })],
    );
  });
  afterAll(async () => {
    await db.close();
  });

  /** The tree as a plain SELECT reads it (what loadTree must give, read another way). */
  async function selected(date: string) {
    const rows = await db.query<UnitRow>(
      `SELECT ${unitColumns} FROM units WHERE valid_from <= $1 AND valid_to >= $1 ORDER BY code`,
      [date],
    );
    return rows.map(toNode);
  }

  it('reads every unit valid on the date as stored: quotes, commas and line breaks, attributes, successors', async () => {
    for (const date of ['2024-12-31', '2025-07-01']) {
      const tree = await loadTree(db, date);
      expect([...tree.byCode.values()]).toEqual(await selected(date));
    }
    const before = await loadTree(db, '2024-12-31');
    expect(before.byCode.get('001')).toMatchObject({
      name: 'Quận "Ba Đình", cũ',
      successors: ['00004', 'x,y'],
      validTo: '2025-06-30',
    });
    expect(before.children.get('001')?.map((n) => n.code)).toEqual(['00007']);
    const after = await loadTree(db, '2025-07-01');
    expect(after.byCode.has('001')).toBe(false);
    expect(after.byCode.get('00004')?.attributes).toEqual({
      region: 'ĐBSH',
      quote: 'a "b", c',
      line: 'x\ny',
    });
    expect(after.roots.map((n) => n.code)).toEqual(['00007', '01']);
  });

  it('gives a unit’s facts: its attributes, with its own code, name and kind over attributes of those names', async () => {
    await db.query(
      `UPDATE units SET attributes = '{"group":"1","code":"khác","kind":"ward","tier":"2"}' WHERE code = '00007'`,
    );
    const node = (await loadTree(db, '2024-12-31')).byCode.get('00007')!;
    const facts = unitFacts(node);
    expect(facts).toEqual({ code: '00007', name: 'Xã Đông Anh', kind: 'commune', group: '1', tier: '2' });
    expect(unitFacts(node)).toBe(facts);
    expect(Object.isFrozen(facts)).toBe(true);
  });

  it('refuses a date that is not one', async () => {
    await expect(loadTree(db, "2024-12-31' OR true --")).rejects.toThrow(/date/);
  });
});
