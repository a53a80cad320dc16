import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/database.ts';
import type { CompiledIndicator } from '../engine/framework.ts';
import { indicatorsInOrder } from '../engine/framework.ts';
import { parsePeriod } from '../engine/periods.ts';
import { importFramework } from '../frameworks/import.ts';
import type { Threshold } from '../frameworks/schema.ts';
import { requireFramework } from '../frameworks/store.ts';
import { publishDemoResults } from '../portal/demo.ts';
import { loadStaffDemo } from '../staff/demo.ts';
import { loadTargetsDemo } from '../targets/demo.ts';
import { render } from '../text.ts';
import { importUnits } from '../units/import.ts';
import { loadTree } from '../units/tree.ts';
import { importValueTable } from '../values/import.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const frameworksDir = join(root, 'frameworks');
export const hanoiUnitsFile = join(root, 'data', 'units', 'hanoi.csv');
/** Demonstration frameworks (not legal texts) with every threshold set, so that units can fully meet them. */
export const demoFrameworksDir = join(root, 'data', 'demo');

/** Deterministic pseudo-random numbers (mulberry32), seeded from a string. */
function random(seed: string): () => number {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A plausible demo figure near the indicator's threshold: most communes meet it, some do not. */
function demoFigure(
  ind: CompiledIndicator,
  attrs: Record<string, string>,
  rnd: () => number,
  strength: number,
): string | null {
  // The threshold that applies to this unit: by group, then by region, then the default.
  const g = attrs.group;
  const r = attrs.region;
  const rule =
    (g !== undefined ? ind.def.by_group?.[g] : undefined) ??
    (r !== undefined ? ind.def.by_region?.[r] : undefined) ??
    ind.def.rule;
  const t: Threshold | null = rule && typeof rule === 'object' ? rule : null;
  const meets = rnd() < strength;
  switch (ind.type) {
    case 'boolean':
      return meets ? 'có' : 'không';
    case 'percent': {
      const bound = t?.['>='] ?? t?.['>'];
      const upper = t?.['<='] ?? t?.['<'];
      if (bound !== undefined) {
        const v = meets ? bound + (100 - bound) * rnd() : bound * (0.75 + 0.24 * rnd());
        return v.toFixed(1).replace('.', ',');
      }
      if (upper !== undefined) {
        const v = meets ? upper * rnd() : upper * (1.05 + rnd());
        return Math.min(100, v).toFixed(1).replace('.', ',');
      }
      return (55 + 45 * rnd()).toFixed(1).replace('.', ',');
    }
    case 'number': {
      const eq = t?.['=='];
      if (typeof eq === 'number') return String(meets ? eq : eq + 1 + Math.floor(3 * rnd()));
      const bound = t?.['>='] ?? t?.['>'];
      if (bound !== undefined)
        return (meets ? bound * (1 + 0.4 * rnd()) : bound * (0.7 + 0.25 * rnd())).toFixed(1);
      if (/triệu/.test(ind.unit ?? '')) return (50 + 40 * rnd()).toFixed(1).replace('.', ',');
      return (10 * rnd()).toFixed(1).replace('.', ',');
    }
    case 'level': {
      const bound = t?.['>='];
      if (bound !== undefined) return String(meets ? bound + Math.floor(2 * rnd()) : Math.max(0, bound - 1));
      return String(1 + Math.floor(3 * rnd()));
    }
    default:
      return null;
  }
}

export interface DemoReport {
  units: number;
  frameworks: number;
  values: number;
}

/** The frameworks whose figures the demo fills in, and for which periods. */
const demoPlan: Array<{ framework: string; periods: string[] }> = [
  { framework: 'vn-qd318-xa-ntm-2021-2025', periods: ['2023', '2024', '2025'] },
  { framework: 'vn-qd318-xa-ntm-nang-cao-2021-2025', periods: ['2023', '2024', '2025'] },
  { framework: 'vn-qd320-huyen-ntm-2021-2025', periods: ['2023', '2024'] },
  { framework: 'vn-qd04-2022-dtvm-phuong-thi-tran', periods: ['2024', '2025'] },
  { framework: 'demo-xa-2024', periods: ['2024', '2025'] },
];

/**
 * Loads Hanoi's units (history included), every framework in frameworks/, and demo figures
 * for Hanoi's communes — stored with source `demo` and a note saying they are not official.
 */
export async function loadDemo(
  db: Db,
  opts: { actor: string; log?: (m: string) => void },
): Promise<DemoReport> {
  const log = opts.log ?? (() => {});
  const u = await importUnits(db, { path: hanoiUnitsFile, actor: opts.actor });
  log(`Đơn vị hành chính Hà Nội: ${u.rows} khoảng hiệu lực (thêm ${u.added}, sửa ${u.changed}).`);
  const files = [frameworksDir, demoFrameworksDir].flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => join(dir, f)),
  );
  for (const f of files) {
    const r = await importFramework(db, { path: f, actor: opts.actor });
    log(r.summary[0] ? render(r.summary[0], 'vi') : f);
  }
  const rows: Array<{ line: number; cells: Record<string, string> }> = [];
  for (const plan of demoPlan) {
    const fw = await requireFramework(db, plan.framework).catch(() => null);
    if (!fw) continue;
    const indicators = indicatorsInOrder(fw.compiled).flatMap((i) => (i.parts ? i.parts : [i]));
    for (const p of plan.periods) {
      const period = parsePeriod(p)!;
      const tree = await loadTree(db, period.end);
      for (const node of tree.byCode.values()) {
        if (!fw.compiled.appliesTo.has(node.kind)) continue;
        // Each unit has its own level of progress; later years do a little better.
        const progress = Math.min(1, random(`${node.code}`)() * 0.12 + 0.88 + (Number(p) - 2023) * 0.02);
        for (const ind of indicators) {
          if (!ind.measure) continue;
          const v = demoFigure(ind, node.attributes, random(`${node.code}|${ind.measure}|${p}`), progress);
          if (v === null) continue;
          rows.push({
            line: rows.length + 2,
            cells: {
              unit_code: node.code,
              indicator: ind.measure,
              period: p,
              value: v,
              note: 'Số liệu minh họa (demo), không phải số liệu chính thức',
            },
          });
        }
      }
    }
  }
  // Measures shared by several frameworks appear once per unit and period.
  const seen = new Set<string>();
  const unique = rows.filter((r) => {
    const k = `${r.cells.unit_code}|${r.cells.indicator}|${r.cells.period}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const header = ['unit_code', 'indicator', 'period', 'value', 'note'];
  const v = await importValueTable(db, {
    table: { header, rows: unique },
    file: 'demo',
    actor: opts.actor,
    source: 'demo',
  });
  log(`Số liệu minh họa: ${v.rows} (thay đổi ${v.changed}).`);
  await loadTargetsDemo(db, { log });
  await loadStaffDemo(db, log);
  await publishDemoResults(
    db,
    demoPlan.map((p) => p.framework),
  );
  return { units: u.rows, frameworks: files.length, values: v.rows };
}
