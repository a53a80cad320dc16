import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, systemActorNamed } from '../../src/access/index.ts';
import type { Db } from '../../src/db/database.ts';
import { revocationFlags } from '../../src/dossiers/revocation.ts';
import { importFramework } from '../../src/frameworks/import.ts';
import { testDatabases } from '../support/databases.ts';
import { fixtures, openTestDb, seedFixtures } from '../support/db.ts';

// QĐ 18/2022/QĐ-TTg, third district condition: a recognised district is flagged once 30% of its
// communes had their recognition revoked. Test province in 2024: D1 → C1, C2, C3, T1.
const FW = 'demo-huyen-thu-hoi';

describe.each(testDatabases())('district revocation by revoked communes on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'district_revocation');
    await seedFixtures(db);
    const text = readFileSync(join(fixtures, 'demo-huyen-2024.yaml'), 'utf8')
      .replace('id: demo-huyen-2024', `id: ${FW}`)
      .replace(
        '\ncriteria:\n',
        '\nrevocation:\n  key_criteria: ["1"]\n  children_revoked: {frameworks: [demo-xa-2024], share_pct: 30}\ncriteria:\n',
      );
    await importFramework(db, { text, fileName: `${FW}.yaml`, actor: systemActorNamed('tester') });
    const dossier = `INSERT INTO dossiers (unit_code, framework_id, framework_version, round, state, decision_no, created_by)
                     VALUES ($1, $2, 1, '2024', $3, $4, 'tester')`;
    await db.query(dossier, ['D1', FW, 'recognised', '7/QĐ-UBND']);
    await db.query(dossier, ['C1', 'demo-xa-2024', 'revoked', '1/QĐ-UBND']);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('flags the district when 2 of its 4 communes were revoked, not when 1 was', async () => {
    const one = (
      await revocationFlags(db, { actor: systemActor, frameworkId: FW, period: '2024', unitCode: 'D1' })
    ).units[0]!;
    // Whatever the criteria say, one revoked commune of four (25%) is not the third condition.
    console.log('VERDICT', JSON.stringify(one.verdict));
    expect(one.verdict?.rule).not.toBe('R3_children_revoked');
    await db.query(
      `INSERT INTO dossiers (unit_code, framework_id, framework_version, round, state, created_by)
       VALUES ('C3', 'demo-xa-2024', 1, '2024', 'revoked', 'tester'),
              ('C2', 'demo-xa-2024', 1, '2024', 'recognised', 'tester')`,
    );
    const two = (
      await revocationFlags(db, { actor: systemActor, frameworkId: FW, period: '2024', unitCode: 'D1' })
    ).units[0]!;
    expect(two).toMatchObject({ flagged: true, verdict: { rule: 'R3_children_revoked', flagged: true } });
    expect(two.reason).toMatch(/^2\/4 đơn vị trực thuộc đã bị thu hồi quyết định công nhận \(50%\) ≥ 30%/);
  });
});
