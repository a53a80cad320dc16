/**
 * Completeness of the shipped frameworks (issue 13), computed by the API for the framework page:
 * sourced, transcribed but unverified, and missing thresholds, each with its source.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActorNamed } from '../src/access/index.ts';
import type { Db } from '../src/db/database.ts';
import { openDb } from '../src/db/database.ts';
import { readFrameworkVersion } from '../src/frameworks/catalog.ts';
import { importFramework } from '../src/frameworks/import.ts';

const frameworks = join(import.meta.dirname, '..', 'frameworks');
const QD318 = 'vn-qd318-xa-ntm-2021-2025';

describe('framework completeness', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb({ dataDir: 'memory://' });
    for (const f of [`${QD318}.v1.yaml`, `${QD318}.v2.yaml`, 'vn-qd320-huyen-ntm-2021-2025.v1.yaml'])
      await importFramework(db, { path: join(frameworks, f), actor: systemActorNamed('tester') });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('counts every indicator once, as sourced, unverified or missing, with its source', async () => {
    const fw = await readFrameworkVersion(db, { id: QD318, version: 1 });
    const c = fw.completeness;
    expect(c.sourced + c.unverified + c.missing).toBe(c.items.length);
    expect(c.items).toHaveLength(fw.indicator_count);
    expect(fw.rule_missing_count).toBe(c.missing);
    expect(fw.unverified_count).toBe(c.unverified);
    const item = (code: string) => c.items.find((i) => i.code === code)!;
    // 15.3: regional values sourced, direction unclear: unverified, with the Q&A page as source.
    expect(item('15.3')).toMatchObject({ state: 'unverified', criterion: '15' });
    expect(item('15.3').sources[0]).toMatch(/^http:\/\/118\.69\.201\.250/);
    expect(item('15.3').note).toMatch(/≤/);
    // 15.4: two regions of seven: still missing for the others.
    expect(item('15.4').state).toBe('missing');
    // 3.1 ≥ 80% is confirmed by the MARD guidance.
    expect(item('3.1').state).toBe('sourced');
    expect(c.missing).toBeGreaterThan(0);
  });

  it('shows Vietnamese notes only: no English developer note reaches the page', async () => {
    for (const version of [1, 2]) {
      const fw = await readFrameworkVersion(db, { id: QD318, version });
      const def = fw.definition;
      const texts = [
        def.note,
        def.todo,
        ...def.criteria.flatMap((cr) => [
          cr.note,
          cr.todo,
          ...cr.indicators.flatMap((i) => [i.note, i.todo]),
        ]),
      ].filter((x): x is string => typeof x === 'string');
      for (const text of texts)
        expect(text).not.toMatch(/\b(the|from memory|not retrieved|verified: false)\b/);
      expect(def.note).toMatch(/QĐ 211/);
    }
  });

  it('QĐ 320: the five sourced conditions are listed with their source', async () => {
    const fw = await readFrameworkVersion(db, { id: 'vn-qd320-huyen-ntm-2021-2025' });
    const conditions = fw.completeness.items.filter((i) => i.criterion === null);
    expect(conditions.map((i) => [i.code, i.state])).toEqual([
      ['ĐK1', 'sourced'],
      ['ĐK2', 'sourced'],
      ['ĐK3', 'sourced'],
      ['ĐK4', 'sourced'],
      ['ĐK5', 'sourced'],
    ]);
    for (const i of conditions) expect(i.sources.length).toBeGreaterThan(0);
  });
});
