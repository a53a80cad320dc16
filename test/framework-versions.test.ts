/**
 * Versions in force by date (issue 13): an amendment judges the periods ending in its force,
 * earlier periods stay under the version that judged them, a dossier keeps its version, and
 * publishing an amendment marks stale only the periods it governs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, systemActorNamed } from '../src/access/index.ts';
import type { Db } from '../src/db/database.ts';
import { createDossier } from '../src/dossiers/create.ts';
import { readDossier } from '../src/dossiers/read.ts';
import { readEvaluation } from '../src/evaluations/report.ts';
import { readSeries } from '../src/evaluations/series.ts';
import { diffFrameworkVersions, readFrameworkVersion } from '../src/frameworks/catalog.ts';
import { createDraft, publishDraft } from '../src/frameworks/drafts.ts';
import { importFramework } from '../src/frameworks/import.ts';
import { parseFramework } from '../src/frameworks/load.ts';
import { frameworkInForce, requireFrameworkForPeriod } from '../src/frameworks/store.ts';
import { setValues } from '../src/values/import.ts';
import { testDatabases } from './support/databases.ts';
import { openTestDb, seedFixtures } from './support/db.ts';

const actor = systemActorNamed('tester');

/** A commune set valid 2023–2025; v2 (an amendment in force from 1/3/2024) lowers 1.1 from 90% to 80%. */
const communeYaml = (v: 1 | 2) => `
id: amend-xa
version: ${v}
name: Bộ tiêu chí thử nghiệm có sửa đổi
legal_basis:
  - {number: "01/2023/QĐ-UBND", date: 2023-01-10, issuer: UBND tỉnh}
${v === 2 ? '  - {number: "05/2024/QĐ-UBND", date: 2024-03-01, issuer: UBND tỉnh, part: sửa đổi chỉ tiêu 1.1}\n' : ''}applies_to: [commune]
valid: {from: 2023-01-01, to: 2025-12-31}
${v === 2 ? 'in_force: {from: 2024-03-01}\n' : ''}criteria:
  - no: 1
    name: Giao thông
    indicators:
      - code: "1.1"
        name: Tỷ lệ đường xã được cứng hóa
        measure: road_hardened_pct
        type: percent
        rule: {">=": ${v === 1 ? 90 : 80}}
`;

/** A district set reading the share of its communes that meet amend-xa. */
const districtYaml = `
id: amend-huyen
version: 1
name: Bộ tiêu chí huyện thử nghiệm
legal_basis: [{number: "02/2023/QĐ-UBND"}]
applies_to: [district]
valid: {from: 2023-01-01, to: 2025-12-31}
criteria:
  - no: 1
    name: Xã đạt chuẩn
    indicators:
      - code: "1.1"
        name: Tỷ lệ xã đạt chuẩn
        derived: {children_met_share: amend-xa}
        type: percent
        rule: {">=": 50}
`;

const statusOf = (r: Awaited<ReturnType<typeof readEvaluation>>, code: string) =>
  r.results.find((x) => x.unit.code === code)?.status;

async function runs(db: Db, id: string) {
  return db.query<{ version: number; period: string; stale: boolean; computed_at: string }>(
    `SELECT version, period, stale, computed_at::text AS computed_at FROM evaluation_runs
     WHERE framework_id = $1 ORDER BY period, version`,
    [id],
  );
}

describe('in_force in the framework format', () => {
  it('defaults to valid.from and must lie within the validity', () => {
    const ok = parseFramework(communeYaml(2), 'v2.yaml');
    expect(ok.ok && ok.def.in_force).toEqual({ from: '2024-03-01' });
    const bad = parseFramework(
      communeYaml(2).replace('in_force: {from: 2024-03-01}', 'in_force: {from: 2026-01-01}'),
      'bad.yaml',
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatchObject({ path: 'in_force.from' });
  });
});

describe.each(testDatabases())('framework versions in force by date on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'fwver');
    await seedFixtures(db);
    await importFramework(db, { text: communeYaml(1), fileName: 'amend-xa.v1.yaml', actor });
    await importFramework(db, { text: districtYaml, fileName: 'amend-huyen.v1.yaml', actor });
    // 2023 figures equal to 2024's (values-small.csv): C1 92%, C2 85.5%, C3 72%.
    await setValues(db, {
      actor,
      values: [
        { unitCode: 'C1', indicator: 'road_hardened_pct', period: '2023', value: '92' },
        { unitCode: 'C2', indicator: 'road_hardened_pct', period: '2023', value: '85,5' },
        { unitCode: 'C3', indicator: 'road_hardened_pct', period: '2023', value: '72' },
      ],
    });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('before the amendment, v1 judges 2023 and 2024 alike', async () => {
    for (const period of ['2023', '2024']) {
      const r = await readEvaluation(db, {
        actor: systemActor,
        frameworkId: 'amend-xa',
        period,
        unitCode: 'D1',
      });
      expect(r.framework).toMatchObject({ version: 1, in_force_from: '2023-01-01' });
      expect(statusOf(r, 'C2')).toBe('not_met');
      const d = await readEvaluation(db, {
        actor: systemActor,
        frameworkId: 'amend-huyen',
        period,
        unitCode: 'D1',
      });
      expect(statusOf(d, 'D1')).toBe('not_met'); // 1 of 3 communes
    }
  });

  it('a dossier assessed under v1 keeps v1 after the amendment is published', async () => {
    const dossier = await createDossier(db, actor, {
      unitCode: 'C2',
      frameworkId: 'amend-xa',
      round: '2024',
    });
    expect(dossier.frameworkVersion).toBe(1);
    // Published through a draft, as an administrator does.
    const before = await runs(db, 'amend-xa');
    const draft = await createDraft(db, {
      fileName: 'amend-xa.v2.yaml',
      content: Buffer.from(communeYaml(2)),
      actor,
    });
    expect(draft.errors).toEqual([]);
    expect(draft.draft?.version).toBe(2);
    const published = await publishDraft(db, { id: 'amend-xa', version: 2, actor });
    expect(published).toMatchObject({ version: 2, inForceFrom: '2024-03-01' });

    // Only the periods v2 governs were marked for re-evaluation; 2023 keeps its run untouched.
    const after = await runs(db, 'amend-xa');
    const run = (rows: typeof after, period: string) =>
      rows.find((r) => r.period === period && r.version === 1);
    expect(run(after, '2023')).toEqual(run(before, '2023'));
    expect(run(after, '2023')?.stale).toBe(false);
    expect(run(after, '2024')?.stale).toBe(true);
    const district = await runs(db, 'amend-huyen');
    expect(district.find((r) => r.period === '2023')?.stale).toBe(false);
    expect(district.find((r) => r.period === '2024')?.stale).toBe(true);

    const read = await readDossier(db, actor, { dossierId: dossier.id });
    expect(read.dossier.framework_version).toBe(1);
    expect(read.framework.version).toBe(1);
    const item = read.criteria.flatMap((c) => c.indicators).find((i) => i.code === '1.1');
    expect(item?.engine).toMatchObject({ status: 'not_met', threshold: '≥ 90%' });
    const c2 = await readEvaluation(db, {
      actor: systemActor,
      frameworkId: 'amend-xa',
      period: '2024',
      unitCode: 'C2',
      version: dossier.frameworkVersion,
    });
    expect(c2.framework.version).toBe(1);
    expect(statusOf(c2, 'C2')).toBe('not_met');
    expect(c2.results[0]!.criteria[0]!.indicators[0]!.threshold).toBe('≥ 90%');
  });

  it('v2 in force from 2024-03-01 judges 2024 while 2023 stays under v1', async () => {
    const y2024 = await readEvaluation(db, {
      actor: systemActor,
      frameworkId: 'amend-xa',
      period: '2024',
      unitCode: 'D1',
    });
    expect(y2024.framework).toMatchObject({ version: 2, in_force_from: '2024-03-01' });
    expect(y2024.framework.legal_basis.map((b) => b.number)).toEqual(['01/2023/QĐ-UBND', '05/2024/QĐ-UBND']);
    expect(statusOf(y2024, 'C2')).toBe('met');
    expect(statusOf(y2024, 'C3')).toBe('not_met');

    const y2023 = await readEvaluation(db, {
      actor: systemActor,
      frameworkId: 'amend-xa',
      period: '2023',
      unitCode: 'D1',
    });
    expect(y2023.framework).toMatchObject({ version: 1, in_force_from: '2023-01-01' });
    expect(y2023.framework.legal_basis).toHaveLength(1);
    expect(statusOf(y2023, 'C2')).toBe('not_met');

    // The dependent district set follows: 2 of 3 communes meet in 2024, still 1 of 3 in 2023.
    const d2024 = await readEvaluation(db, {
      actor: systemActor,
      frameworkId: 'amend-huyen',
      period: '2024',
      unitCode: 'D1',
    });
    expect(statusOf(d2024, 'D1')).toBe('met');
    const d2023 = await readEvaluation(db, {
      actor: systemActor,
      frameworkId: 'amend-huyen',
      period: '2023',
      unitCode: 'D1',
    });
    expect(statusOf(d2023, 'D1')).toBe('not_met');

    // v1's stored judgement of 2024 is kept, not rewritten.
    const kept = await db.query<{ status: string }>(
      `SELECT status FROM evaluation_results WHERE framework_id = 'amend-xa' AND version = 1
       AND period = '2024' AND unit_code = 'C2'`,
    );
    expect(kept[0]?.status).toBe('not_met');
  });

  it('picks the version by the last day of the period, for quarters and months too', async () => {
    expect((await requireFrameworkForPeriod(db, 'amend-xa', '2024-02')).meta.version).toBe(1);
    expect((await requireFrameworkForPeriod(db, 'amend-xa', '2024-03')).meta.version).toBe(2);
    expect((await requireFrameworkForPeriod(db, 'amend-xa', '2024Q1')).meta.version).toBe(2);
    expect((await frameworkInForce(db, 'amend-xa', '2024-02-29'))?.meta.version).toBe(1);
    await expect(requireFrameworkForPeriod(db, 'amend-xa', '2026')).rejects.toMatchObject({
      code: 'FRAMEWORK_NOT_IN_FORCE',
    });
  });

  it('the series says which version judged each period', async () => {
    const series = await readSeries(db, {
      actor: systemActor,
      frameworkId: 'amend-xa',
      unitCode: 'C2',
      from: '2023',
      to: '2024',
    });
    expect(series.map((p) => [p.period, p.version, p.status])).toEqual([
      ['2023', 1, 'not_met'],
      ['2024', 2, 'met'],
    ]);
  });

  it('the version diff reads as an amendment: what changed, from when, by which decision', async () => {
    const diff = await diffFrameworkVersions(db, { id: 'amend-xa', from: 1, to: 2 });
    expect(diff.amendment).toEqual({
      from_version: 1,
      to_version: 2,
      in_force_from: '2024-03-01',
      decisions: [
        { number: '05/2024/QĐ-UBND', date: '2024-03-01', issuer: 'UBND tỉnh', part: 'sửa đổi chỉ tiêu 1.1' },
      ],
    });
    expect(diff.changes).toContainEqual({
      change: 'changed',
      target: 'chỉ tiêu 1.1',
      field: 'rule',
      before: { '>=': 90 },
      after: { '>=': 80 },
    });
    expect(diff.changes).toContainEqual(
      expect.objectContaining({ target: 'framework', field: 'in_force', after: { from: '2024-03-01' } }),
    );
    const page = await readFrameworkVersion(db, { id: 'amend-xa' });
    expect(page.version_list).toEqual([
      { version: 1, status: 'published', in_force_from: '2023-01-01' },
      { version: 2, status: 'published', in_force_from: '2024-03-01' },
    ]);
  });

  it('a live figure change in 2023 is judged under v1', async () => {
    await setValues(db, {
      actor,
      values: [{ unitCode: 'C2', indicator: 'road_hardened_pct', period: '2023', value: '88' }],
    });
    const y2023 = await readEvaluation(db, {
      actor: systemActor,
      frameworkId: 'amend-xa',
      period: '2023',
      unitCode: 'C2',
    });
    expect(y2023.framework.version).toBe(1);
    expect(statusOf(y2023, 'C2')).toBe('not_met'); // 88% < 90% (v1); v2 would say met
    const stored = await db.query<{ version: number; status: string }>(
      `SELECT version, status FROM evaluation_results WHERE framework_id = 'amend-xa' AND period = '2023'
       AND unit_code = 'C2' ORDER BY version`,
    );
    expect(stored).toEqual([{ version: 1, status: 'not_met' }]);
  });
});
