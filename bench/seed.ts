/** The synthetic national data set loaded through the same use cases as the CLI (bench/synthetic.ts). */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemActorNamed } from '../src/access/index.ts';
import type { Db } from '../src/db/database.ts';
import { importFramework } from '../src/frameworks/import.ts';
import { importUnitTable } from '../src/units/import.ts';
import { importValues } from '../src/values/import.ts';
import {
  COMMUNES,
  communeFrameworkYaml,
  DISTRICT_MEASURES,
  DISTRICTS,
  districtFrameworkYaml,
  INDICATORS,
  measureId,
  syntheticUnits,
  syntheticValue,
} from './synthetic.ts';

export const PERIODS = ['2022', '2023', '2024'];
export const FRAMEWORKS = ['bench-xa', 'bench-xa-nc', 'bench-huyen'];

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const log = (m: string) => process.stderr.write(`${m}\n`);

/**
 * The baseline of an import: the same rows, already typed, COPYed into a table shaped like
 * value_current (primary key included) in one transaction; values per second.
 */
async function copyAlone(db: Db, lines: string[]): Promise<number> {
  const csv = `${lines
    .slice(1)
    .map((l) => {
      const [unit, measure, period, value] = l.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
      const v = value!.replaceAll('"', '');
      const num = v === 'có' ? 1 : v === 'không' ? 0 : Number(v.replace(',', '.'));
      return `${period},${unit},${measure},${num},,f,,import,bench`;
    })
    .join('\n')}\n`;
  const t0 = process.hrtime.bigint();
  await db.transaction(async (tx) => {
    await tx.exec('CREATE TABLE bench_copy (LIKE value_current INCLUDING ALL)');
    await tx.copyFrom(
      'bench_copy',
      ['period', 'unit_code', 'measure_id', 'num', 'txt', 'na', 'note', 'source', 'actor'],
      csv,
    );
  });
  const t = ms(t0);
  await db.exec('DROP TABLE bench_copy');
  return Math.round(((lines.length - 1) / t) * 1000);
}

/**
 * Loads the synthetic national data set into an empty database: units, the two commune
 * frameworks and the district one, and every figure of PERIODS imported from CSV files written
 * to `dir`. Returns the import figures of the first period.
 */
export async function seedNational(db: Db, dir: string): Promise<Record<string, number>> {
  await seedStructure(db);

  const figures: Record<string, number> = {};
  for (const [p, period] of PERIODS.entries()) {
    const lines = ['unit_code,indicator,period,value,note'];
    for (let c = 0; c < COMMUNES; c++) {
      const code = `X${String(c + 1).padStart(5, '0')}`;
      for (let i = 0; i < INDICATORS; i++)
        lines.push(`${code},${measureId(i)},${period},"${syntheticValue(c, i, p)}",`);
    }
    for (let d = 0; d < DISTRICTS; d++)
      for (let k = 0; k < DISTRICT_MEASURES; k++)
        lines.push(
          `D${String(d + 1).padStart(3, '0')},h${k + 1},${period},${70 + ((d * 7 + k * 13 + p) % 30)},`,
        );
    const file = join(dir, `values-${period}.csv`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const rows = lines.length - 1;
    const t0 = process.hrtime.bigint();
    await importValues(db, { path: file, actor: systemActorNamed('bench') });
    const t = ms(t0);
    log(`  import ${period}: ${rows} rows in ${round(t)} ms`);
    if (p === 0) {
      figures.import_rows = rows;
      figures.import_ms = round(t);
      figures.import_values_per_s = Math.round((rows / t) * 1000);
      figures.import_copy_alone_values_per_s = await copyAlone(db, lines);
      log(
        `  import: ${figures.import_values_per_s} values/s; COPY alone: ${figures.import_copy_alone_values_per_s} values/s`,
      );
    }
  }
  return figures;
}

/** The synthetic units (one import) and the three frameworks, through the same use cases as the CLI. */
export async function seedStructure(db: Db): Promise<void> {
  const units = syntheticUnits();
  const header = [
    'code',
    'name',
    'kind',
    'parent_code',
    'valid_from',
    'valid_to',
    'successors',
    'region',
    'group',
  ];
  await importUnitTable(db, {
    file: 'synthetic-units',
    actor: systemActorNamed('bench'),
    table: {
      header,
      rows: units.map((u, i) => ({
        line: i + 2,
        cells: {
          code: u.code,
          name: u.name,
          kind: u.kind,
          parent_code: u.parent ?? '',
          valid_from: '',
          valid_to: '',
          successors: '',
          region: u.region,
          group: u.group,
        },
      })),
    },
  });
  await importFramework(db, {
    text: communeFrameworkYaml('bench-xa', false),
    fileName: 'bench-xa.yaml',
    actor: systemActorNamed('bench'),
  });
  await importFramework(db, {
    text: communeFrameworkYaml('bench-xa-nc', true),
    fileName: 'bench-xa-nc.yaml',
    actor: systemActorNamed('bench'),
  });
  await importFramework(db, {
    text: districtFrameworkYaml('bench-huyen', 'bench-xa'),
    fileName: 'bench-huyen.yaml',
    actor: systemActorNamed('bench'),
  });
}
