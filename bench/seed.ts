/** The synthetic national data set loaded through the same use cases as the CLI (bench/synthetic.ts). */

import { closeSync, openSync, writeSync } from 'node:fs';
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
  measureType,
  syntheticUnits,
  syntheticValue,
} from './synthetic.ts';

export const PERIODS = ['2022', '2023', '2024'];
export const FRAMEWORKS = ['bench-xa', 'bench-xa-nc', 'bench-huyen'];

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const log = (m: string) => process.stderr.write(`${m}\n`);

/** Communes per slice of a period's CSV: no text ever holds a whole period as one line per object. */
const SLICE = 1000;

/**
 * One period's figures as CSV text in slices of SLICE communes (the districts' figures last), each
 * row made by `line` from (unit, measure, measure index or -1 for a district's, written value).
 */
function* periodSlices(
  p: number,
  line: (unit: string, measure: string, i: number, value: string) => string,
): Generator<{ text: string; rows: number }> {
  for (let from = 0; from < COMMUNES; from += SLICE) {
    const lines: string[] = [];
    for (let c = from; c < Math.min(COMMUNES, from + SLICE); c++) {
      const code = `X${String(c + 1).padStart(5, '0')}`;
      for (let i = 0; i < INDICATORS; i++) lines.push(line(code, measureId(i), i, syntheticValue(c, i, p)));
    }
    yield { text: `${lines.join('\n')}\n`, rows: lines.length };
  }
  const lines: string[] = [];
  for (let d = 0; d < DISTRICTS; d++)
    for (let k = 0; k < DISTRICT_MEASURES; k++)
      lines.push(
        line(`D${String(d + 1).padStart(3, '0')}`, `h${k + 1}`, -1, String(70 + ((d * 7 + k * 13 + p) % 30))),
      );
  if (lines.length > 0) yield { text: `${lines.join('\n')}\n`, rows: lines.length };
}

/**
 * Writes the values file an official would import for one period (`p`: which synthetic
 * figures): unit_code, indicator, period, value (quoted, Vietnamese decimal comma), note; slice
 * by slice. Returns its rows.
 */
export function writePeriodCsv(file: string, p: number, period: string): number {
  const fd = openSync(file, 'w');
  let rows = 0;
  try {
    writeSync(fd, 'unit_code,indicator,period,value,note\n');
    for (const slice of periodSlices(p, (unit, measure, _i, v) => `${unit},${measure},${period},"${v}",`)) {
      writeSync(fd, slice.text);
      rows += slice.rows;
    }
  } finally {
    closeSync(fd);
  }
  return rows;
}

/**
 * The baseline of an import: the same rows, already typed, COPYed into a table shaped like
 * value_current (primary key included) in one transaction; values per second. The typed CSV is
 * made before the clock starts, in slices.
 */
export async function copyAlone(db: Db, period: string, p: number): Promise<number> {
  const slices = [
    ...periodSlices(p, (unit, measure, i, v) => {
      const num = i >= 0 && measureType(i) === 'boolean' ? (v === 'có' ? '1' : '0') : v.replace(',', '.');
      return `${period},${unit},${measure},${num},,f,,import,bench`;
    }),
  ];
  const rows = slices.reduce((n, s) => n + s.rows, 0);
  const t0 = process.hrtime.bigint();
  await db.transaction(async (tx) => {
    await tx.exec('CREATE TABLE bench_copy (LIKE value_current INCLUDING ALL)');
    for (const slice of slices)
      await tx.copyFrom(
        'bench_copy',
        ['period', 'unit_code', 'measure_id', 'num', 'txt', 'na', 'note', 'source', 'actor'],
        slice.text,
      );
  });
  const t = ms(t0);
  await db.exec('DROP TABLE bench_copy');
  return Math.round((rows / t) * 1000);
}

/** The process's peak RSS so far, MB (logged after each phase: which one raised it). */
export const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/**
 * Loads the synthetic national data set into an empty database: units, the two commune
 * frameworks and the district one, and every figure of PERIODS imported from CSV files written
 * to `dir` (slice by slice). Returns the import figures of the first period.
 */
export async function seedNational(db: Db, dir: string): Promise<Record<string, number>> {
  await seedStructure(db);

  const figures: Record<string, number> = {};
  for (const [p, period] of PERIODS.entries()) {
    const file = join(dir, `values-${period}.csv`);
    const rows = writePeriodCsv(file, p, period);
    const t0 = process.hrtime.bigint();
    await importValues(db, { path: file, actor: systemActorNamed('bench') });
    const t = ms(t0);
    log(`  import ${period}: ${rows} rows in ${round(t)} ms (peak RSS so far ${peakRssMb()} MB)`);
    if (p === 0) {
      figures.import_rows = rows;
      figures.import_ms = round(t);
      figures.import_values_per_s = Math.round((rows / t) * 1000);
      figures.import_copy_alone_values_per_s = await copyAlone(db, period, p);
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
