/**
 * A synthetic national data set: 63 provinces, ~700 districts, ~10,600 communes; two commune
 * frameworks of 57 indicators over the same 57 measures (the second stricter), one district
 * framework with a derived share-of-communes indicator. Deterministic.
 *
 * The shape can be changed for scaling runs and quick local runs (environment, read once):
 * BENCH_COMMUNES (10,600), BENCH_DISTRICTS (705; 0 = communes directly under provinces, the
 * two-tier shape after the 2025 reform) and BENCH_PROVINCES (63).
 */

const sized = (name: string, fallback: number): number => {
  const v = process.env[name];
  const n = v === undefined || v === '' ? fallback : Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got ${v}`);
  return n;
};

export const PROVINCES = sized('BENCH_PROVINCES', 63);
export const DISTRICTS = sized('BENCH_DISTRICTS', 705);
export const COMMUNES = sized('BENCH_COMMUNES', 10_600);
export const INDICATORS = 57;
export const CRITERIA = 19;

export interface SyntheticUnit {
  code: string;
  name: string;
  kind: string;
  parent: string | null;
  region: string;
  group: string;
}

const regions = ['TDMNPB', 'DBSH', 'BTB', 'DHNTB', 'TN', 'DNB', 'DBSCL'];

export function syntheticUnits(): SyntheticUnit[] {
  const units: SyntheticUnit[] = [];
  for (let p = 0; p < PROVINCES; p++) {
    const code = `P${String(p + 1).padStart(2, '0')}`;
    units.push({
      code,
      name: `Tỉnh ${p + 1}`,
      kind: 'province',
      parent: null,
      region: regions[p % 7]!,
      group: '',
    });
  }
  for (let d = 0; d < DISTRICTS; d++) {
    const p = d % PROVINCES;
    units.push({
      code: districtCode(d),
      name: `Huyện ${d + 1}`,
      kind: 'district',
      parent: `P${String(p + 1).padStart(2, '0')}`,
      region: regions[p % 7]!,
      group: '',
    });
  }
  for (let c = 0; c < COMMUNES; c++) {
    // Two-tier shape (no districts): communes directly under provinces.
    const d = DISTRICTS > 0 ? c % DISTRICTS : c % PROVINCES;
    units.push({
      code: communeCode(c),
      name: `Xã ${c + 1}`,
      kind: 'commune',
      parent: DISTRICTS > 0 ? districtCode(d) : `P${String(d + 1).padStart(2, '0')}`,
      region: regions[(d % PROVINCES) % 7]!,
      group: String((c % 3) + 1),
    });
  }
  return units;
}

/** Commune codes keep five digits up to 99,999 communes (then grow). */
export const communeCode = (c: number) => `X${String(c + 1).padStart(5, '0')}`;
export const districtCode = (d: number) => `D${String(d + 1).padStart(3, '0')}`;

export const measureId = (i: number) => `m${String(i + 1).padStart(2, '0')}`;

/** Indicator i's type: a mix like the real sets (booleans, percents, numbers). */
export function measureType(i: number): 'boolean' | 'percent' | 'number' {
  if (i % 3 === 0) return 'boolean';
  if (i % 3 === 1) return 'percent';
  return 'number';
}

function ruleYaml(i: number, strict: boolean): string {
  const t = measureType(i);
  if (t === 'boolean') return `rule: {"==": true}`;
  if (t === 'percent') {
    const base = strict ? 90 : 80;
    return i % 4 === 1
      ? `rule: {">=": ${base}}\n        by_group: {"3": {">=": ${base - 15}}}`
      : `rule: {">=": ${base}}`;
  }
  // A few CEL rules, planned once per framework.
  if (i % 10 === 2)
    return `rule: "value >= ${strict ? 60 : 50}.0 || (unit.region == 'TDMNPB' && value >= 40.0)"`;
  return `rule: {">=": ${strict ? 60 : 50}}`;
}

export function communeFrameworkYaml(id: string, strict: boolean): string {
  const lines = [
    `id: ${id}`,
    'version: 1',
    `name: Bộ tiêu chí tổng hợp cấp xã ${strict ? 'nâng cao' : 'cơ bản'} (benchmark)`,
    'legal_basis: [{number: "BENCH/2024"}]',
    'applies_to: [commune]',
    'valid: {from: 2021-01-01, to: 2030-12-31}',
    'criteria:',
  ];
  const perCriterion = Math.ceil(INDICATORS / CRITERIA);
  for (let c = 0; c < CRITERIA; c++) {
    lines.push(`  - no: ${c + 1}`, `    name: Tiêu chí ${c + 1}`, '    indicators:');
    for (let k = 0; k < perCriterion; k++) {
      const i = c * perCriterion + k;
      if (i >= INDICATORS) break;
      lines.push(
        `      - code: "${c + 1}.${k + 1}"`,
        `        name: Chỉ tiêu ${c + 1}.${k + 1}`,
        `        measure: ${measureId(i)}`,
        `        type: ${measureType(i)}`,
        `        ${ruleYaml(i, strict)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export const DISTRICT_MEASURES = 5;

export function districtFrameworkYaml(id: string, communeFramework: string): string {
  const lines = [
    `id: ${id}`,
    'version: 1',
    'name: Bộ tiêu chí cấp huyện (benchmark)',
    'legal_basis: [{number: "BENCH/2024-H"}]',
    'applies_to: [district]',
    'valid: {from: 2021-01-01, to: 2030-12-31}',
    'criteria:',
    '  - no: 1',
    '    name: Xã đạt chuẩn',
    '    indicators:',
    '      - code: "1.1"',
    '        name: Tỷ lệ xã đạt chuẩn',
    `        derived: {children_met_share: ${communeFramework}}`,
    '        type: percent',
    '        rule: {">=": 50}',
    '  - no: 2',
    '    name: Hạ tầng huyện',
    '    indicators:',
  ];
  for (let k = 0; k < DISTRICT_MEASURES; k++)
    lines.push(
      `      - code: "2.${k + 1}"`,
      `        name: Chỉ tiêu huyện ${k + 1}`,
      `        measure: h${k + 1}`,
      '        type: percent',
      '        rule: {">=": 70}',
    );
  return `${lines.join('\n')}\n`;
}

/** Deterministic value for (commune, measure, period) as typed in a CSV (Vietnamese decimals). */
export function syntheticValue(c: number, i: number, p: number): string {
  const x = Math.sin(c * 12.9898 + i * 78.233 + p * 37.719) * 43758.5453;
  const r = x - Math.floor(x);
  const t = measureType(i);
  if (t === 'boolean') return r < 0.93 ? 'có' : 'không';
  if (t === 'percent') return (70 + 30 * r).toFixed(1).replace('.', ',');
  return (40 + 40 * r).toFixed(1).replace('.', ',');
}
