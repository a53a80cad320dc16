/** The data set of the scaling runs of `npm run bench` (bench/national.ts). */
import type { Db } from '../src/db/database.ts';
import { evaluatePeriod } from '../src/evaluations/full.ts';
import { importFramework } from '../src/frameworks/import.ts';
import { importUnitTable } from '../src/units/import.ts';
import { FRAMEWORKS, PERIODS } from './seed.ts';
import {
  COMMUNES,
  communeCode,
  communeFrameworkYaml,
  DISTRICT_MEASURES,
  DISTRICTS,
  districtCode,
  districtFrameworkYaml,
  INDICATORS,
  measureId,
  measureType,
  syntheticUnits,
  syntheticValue,
} from './synthetic.ts';

/** Units and frameworks through the use cases, one period's figures straight into value_current by COPY. */
export async function seedScaled(db: Db, period: string): Promise<void> {
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
    actor: 'bench',
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
  for (const [id, yaml] of [
    ['bench-xa', communeFrameworkYaml('bench-xa', false)],
    ['bench-xa-nc', communeFrameworkYaml('bench-xa-nc', true)],
    ['bench-huyen', districtFrameworkYaml('bench-huyen', 'bench-xa')],
  ] as const)
    await importFramework(db, { text: yaml, fileName: `${id}.yaml`, actor: 'bench' });
  const columns = ['period', 'unit_code', 'measure_id', 'num', 'txt', 'na', 'source', 'actor'];
  const p = PERIODS.length - 1;
  // In slices of 1,000 communes, so that the CSV text never holds a whole period.
  for (let from = 0; from < COMMUNES; from += 1000) {
    const lines: string[] = [];
    for (let c = from; c < Math.min(COMMUNES, from + 1000); c++)
      for (let i = 0; i < INDICATORS; i++) {
        const v = syntheticValue(c, i, p);
        const num = measureType(i) === 'boolean' ? (v === 'có' ? '1' : '0') : v.replace(',', '.');
        lines.push(`${period},${communeCode(c)},${measureId(i)},${num},,f,bench,bench`);
      }
    await db.copyFrom('value_current', columns, `${lines.join('\n')}\n`);
  }
  const district: string[] = [];
  for (let d = 0; d < DISTRICTS; d++)
    for (let k = 0; k < DISTRICT_MEASURES; k++)
      district.push(
        `${period},${districtCode(d)},h${k + 1},${70 + ((d * 7 + k * 13 + p) % 30)},,f,bench,bench`,
      );
  if (district.length > 0) await db.copyFrom('value_current', columns, `${district.join('\n')}\n`);
  await db.exec('ANALYZE value_current');
  await evaluatePeriod(db, { frameworkIds: FRAMEWORKS, period });
}
