import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActorNamed } from '../src/access/index.ts';
import type { Db } from '../src/db/database.ts';
import { importFramework } from '../src/frameworks/import.ts';
import { parseFramework } from '../src/frameworks/load.ts';
import { listVersions, requireFramework } from '../src/frameworks/store.ts';
import { render } from '../src/text.ts';
import { testDatabases } from './support/databases.ts';
import { fixtures, openTestDb, snapshot } from './support/db.ts';

const demo = readFileSync(join(fixtures, 'demo-xa-2024.yaml'), 'utf8');

function errorsOf(text: string) {
  const r = parseFramework(text, 'x.yaml');
  if (r.ok) throw new Error('expected errors');
  return r.errors.map((e) => `${e.path}: ${render(e.message, 'vi')}`);
}

describe('framework validation', () => {
  it('accepts the documented format', () => {
    const r = parseFramework(demo, 'demo-xa-2024.yaml');
    expect(r.ok).toBe(true);
  });

  it('names the file, the path inside it and the reason', () => {
    const bad = demo.replace('rule: {">=": 90}', 'rule: {">=": "ninety"}');
    const r = parseFramework(bad, 'bad.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({ file: 'bad.yaml', path: 'criteria[0].indicators[0].rule' });
    expect(render(r.errors[0]!.message, 'vi')).toMatch(/ngưỡng/);
  });

  it('reports CEL syntax errors, duplicate codes, unknown kinds and wrong types', () => {
    expect(errorsOf(demo.replace('value >= 60.0 ||', 'value >= ||'))).toEqual([
      expect.stringMatching(/^criteria\[1\]\.indicators\[0\]\.rule: biểu thức CEL không hợp lệ/),
    ]);
    expect(errorsOf(demo.replace('code: "1.2"', 'code: "1.1"'))).toEqual([
      expect.stringMatching(/^criteria\[0\]\.indicators\[1\]\.code: mã chỉ tiêu "1.1" trùng/),
    ]);
    expect(errorsOf(demo.replace('applies_to: [commune]', 'applies_to: [hamlet]'))[0]).toMatch(
      /^applies_to\[0\]/,
    );
    expect(errorsOf(demo.replace('type: percent', 'type: percentage'))[0]).toMatch(
      /^criteria\[0\]\.indicators\[0\]\.type/,
    );
    expect(
      errorsOf(
        demo.replace(
          'valid: {from: 2024-01-01, to: 2025-12-31}',
          'valid: {from: 2026-01-01, to: 2025-12-31}',
        ),
      ),
    ).toEqual([expect.stringMatching(/^valid:/)]);
    expect(errorsOf('id: x\n  bad: [')[0]).toMatch(/YAML không hợp lệ/);
  });

  it('checks policy references', () => {
    const text = demo.replace('policy: all', 'policy: {mandatory: [1, 7], optional_min: 1}');
    expect(errorsOf(text)).toEqual([
      expect.stringMatching(/^policy\.mandatory\[1\]: không có tiêu chí số 7/),
      expect.stringMatching(/^policy\.optional_min: cần 1 tiêu chí tự chọn nhưng chỉ có 0/),
    ]);
  });
});

describe.each(testDatabases())('framework import on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'fw');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('imports, then keeps a published version immutable: a change makes a new version with its diff', async () => {
    const first = await importFramework(db, {
      text: demo,
      fileName: 'demo.yaml',
      actor: systemActorNamed('a'),
    });
    expect(first).toMatchObject({ outcome: 'created', version: 1 });
    const same = await importFramework(db, {
      text: demo,
      fileName: 'demo.yaml',
      actor: systemActorNamed('a'),
    });
    expect(same.outcome).toBe('unchanged');
    const changed = demo
      .replace('rule: {">=": 90}', 'rule: {">=": 95}')
      .replace('name: Thu nhập', 'name: Thu nhập và đời sống');
    const preview = await importFramework(db, {
      text: changed,
      fileName: 'demo.yaml',
      actor: systemActorNamed('a'),
      dryRun: true,
    });
    expect(preview.outcome).toBe('new_version');
    expect((await listVersions(db, 'demo-xa-2024')).length).toBe(1);
    const second = await importFramework(db, {
      text: changed,
      fileName: 'demo.yaml',
      actor: systemActorNamed('a'),
    });
    expect(second).toMatchObject({ outcome: 'new_version', version: 2 });
    expect(second.changes).toEqual(
      expect.arrayContaining([
        {
          change: 'changed',
          target: 'chỉ tiêu 1.1',
          field: 'rule',
          before: { '>=': 90 },
          after: { '>=': 95 },
        },
        {
          change: 'changed',
          target: 'tiêu chí 2',
          field: 'name',
          before: 'Thu nhập',
          after: 'Thu nhập và đời sống',
        },
      ]),
    );
    expect(second.summary.map((m) => render(m, 'vi')).join('\n')).toMatch(
      /~ chỉ tiêu 1\.1 rule: \{">=":90\} → \{">=":95\}/,
    );
    expect(render(second.warnings[0]!, 'vi')).toMatch(/đã ban hành/);
    const v1 = await requireFramework(db, 'demo-xa-2024', 1);
    expect(v1.def.criteria[0]!.indicators[0]!.rule).toEqual({ '>=': 90 });
    expect((await requireFramework(db, 'demo-xa-2024')).meta.version).toBe(2);
  });

  it('refuses an invalid file and a measure redeclared with another type, changing nothing', async () => {
    const before = await snapshot(db);
    await expect(
      importFramework(db, {
        text: demo.replace('type: boolean', 'type: bool'),
        fileName: 'bad.yaml',
        actor: systemActorNamed('a'),
      }),
    ).rejects.toMatchObject({ code: 'INVALID_FRAMEWORK' });
    const other = demo
      .replace('id: demo-xa-2024', 'id: other-fw')
      .replace(
        'measure: plan_approved\n        type: boolean\n        rule: {"==": true}',
        'measure: plan_approved\n        type: percent\n        rule: {">=": 1}',
      );
    const err = await importFramework(db, {
      text: other,
      fileName: 'other.yaml',
      actor: systemActorNamed('a'),
    }).catch((e) => e);
    expect(err.code).toBe('MEASURE_TYPE_CONFLICT');
    expect(err.details[0]).toMatchObject({ field: 'plan_approved' });
    expect(await snapshot(db)).toBe(before);
  });
});
