import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Actor } from '../access/index.ts';
import { loadApprovalDemo } from '../approval/demo.ts';
import type { Db } from '../db/database.ts';
import { loadDossiersDemo } from '../dossiers/demo.ts';
import type { CompiledIndicator } from '../engine/framework.ts';
import { indicatorsInOrder } from '../engine/framework.ts';
import { parsePeriod } from '../engine/periods.ts';
import { type FileStore, fileStoreFromEnv } from '../evidence/storage.ts';
import { importFramework } from '../frameworks/import.ts';
import type { Threshold } from '../frameworks/schema.ts';
import { requireFramework } from '../frameworks/store.ts';
import { today as vietnamToday } from '../http/openapi.ts';
import { loadPastRecognitionsDemo } from '../past-recognitions/demo.ts';
import { publishDemoResults } from '../portal/demo.ts';
import { withQualityDemo } from '../quality/demo.ts';
import { loadStaffDemo } from '../staff/demo.ts';
import { loadSurveysDemo } from '../surveys/demo.ts';
import { loadTargetsDemo } from '../targets/demo.ts';
import { render } from '../text.ts';
import { importUnits } from '../units/import.ts';
import { loadTree } from '../units/tree.ts';
import { importValueTable } from '../values/import.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const frameworksDir = join(root, 'frameworks');
export const hanoiUnitsFile = join(root, 'data', 'units', 'hanoi.csv');

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

/** A plausible demo figure for the indicator's threshold: one that meets it, or a realistic shortfall. */
function demoFigure(
  ind: CompiledIndicator,
  attrs: Record<string, string>,
  rnd: () => number,
  meets: boolean,
): string | null {
  // The threshold that applies to this unit: by group, then by region, then the default.
  const g = attrs.group;
  const r = attrs.region;
  const rule =
    (g !== undefined ? ind.def.by_group?.[g] : undefined) ??
    (r !== undefined ? ind.def.by_region?.[r] : undefined) ??
    ind.def.rule;
  const t: Threshold | null = rule && typeof rule === 'object' ? rule : null;
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
  /** Recognition dossiers created (past recognitions and the live 2025 round). */
  dossiers: number;
  /** Survey answers recorded (web and paper). */
  surveyAnswers: number;
  /** Recognition decisions made before TieuChi, recorded without a dossier. */
  pastRecognitions: number;
}

/** The frameworks whose figures the demo fills in, and for which periods. */
const demoPlan: Array<{ framework: string; periods: string[] }> = [
  { framework: 'vn-qd318-xa-ntm-2021-2025', periods: ['2023', '2024', '2025'] },
  { framework: 'vn-qd318-xa-ntm-nang-cao-2021-2025', periods: ['2023', '2024', '2025'] },
  { framework: 'vn-qd320-huyen-ntm-2021-2025', periods: ['2023', '2024'] },
  { framework: 'vn-qd320-huyen-ntm-nang-cao-2021-2025', periods: ['2023', '2024'] },
  { framework: 'vn-qd04-2022-dtvm-phuong-thi-tran', periods: ['2024', '2025'] },
];

/** Districts whose communes were all NTM nâng cao (Gia Lâm) or kiểu mẫu (Thanh Trì) in 2023: no shortfall that year. */
const recognisedIn2023 = new Set(['018', '020']);
/** Units whose demo dossier goes through appraisal without a failed indicator (see src/dossiers/demo.ts). */
const clean = new Set(['018|2023', '020|2023', '00565|2025']);

/**
 * Which of a unit's figures fall short in a period (deterministic): about one unit in seven has one
 * or two shortfalls, none in the districts recognised in 2023 nor in the dossiers that must pass.
 */
function shortfalls(node: { code: string; parentCode: string | null }, period: string) {
  const none = () => false;
  if (clean.has(`${node.code}|${period}`)) return none;
  if (period === '2023' && (recognisedIn2023.has(node.code) || recognisedIn2023.has(node.parentCode ?? '')))
    return none;
  if (random(`${node.code}|${period}|short`)() >= 0.15) return none;
  return (measure: string) => random(`${node.code}|${measure}|${period}|s`)() < 0.04;
}

/**
 * Loads Hanoi's units (history included), every framework in frameworks/, demo figures for
 * Hanoi's units — stored with source `demo` and a note saying they are not official — then each
 * module's demo: target plans and staff months up to `today`, recognitions made before TieuChi
 * (`data/hanoi-recognitions-before-tieuchi.csv`), recognition dossiers (the 2023 district
 * recognitions and the 2025 round in every workflow state), a satisfaction survey, the
 * portal's publications, data-quality warnings and the 2024 approval of routine figures. What it holds is listed in README.md ("What the demo holds").
 */
export async function loadDemo(
  db: Db,
  opts: {
    actor: Actor;
    log?: (m: string) => void;
    /** Today in Vietnam (YYYY-MM-DD; default: the real date): staff months and target actuals run up to it. */
    today?: string;
    /** Where the dossiers' evidence files go (default: the server's store from the environment). */
    files?: FileStore;
  },
): Promise<DemoReport> {
  const log = opts.log ?? (() => {});
  const today = opts.today ?? vietnamToday();
  const u = await importUnits(db, { path: hanoiUnitsFile, actor: opts.actor });
  log(`Đơn vị hành chính Hà Nội: ${u.rows} khoảng hiệu lực (thêm ${u.added}, sửa ${u.changed}).`);
  const files = readdirSync(frameworksDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(frameworksDir, f));
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
        const short = shortfalls(node, p);
        for (const ind of indicators) {
          if (!ind.measure) continue;
          const rnd = random(`${node.code}|${ind.measure}|${p}`);
          const v = demoFigure(ind, node.attributes, rnd, !short(ind.measure));
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
  // A few figures that jump on last year: data-quality warnings to look at.
  withQualityDemo(unique);
  const header = ['unit_code', 'indicator', 'period', 'value', 'note'];
  const v = await importValueTable(db, {
    table: { header, rows: unique },
    file: 'demo',
    actor: opts.actor,
    source: 'demo',
  });
  log(`Số liệu minh họa: ${v.rows} (thay đổi ${v.changed}).`);
  await loadTargetsDemo(db, { log, today });
  await loadStaffDemo(db, { log, today });
  const pastRecognitions = await loadPastRecognitionsDemo(db, { actor: opts.actor, log });
  const store = opts.files ?? fileStoreFromEnv();
  const { ids } = await loadDossiersDemo(db, { files: store, today, log });
  const answers = ids['00541'] ? await loadSurveysDemo(db, { dossierId: ids['00541'], today, log }) : 0;
  await publishDemoResults(
    db,
    demoPlan.map((p) => p.framework),
  );
  // Approval locks figures: last, once everything else is written.
  await loadApprovalDemo(db, { log });
  return {
    units: u.rows,
    frameworks: files.length,
    values: v.rows,
    dossiers: Object.keys(ids).length,
    surveyAnswers: answers,
    pastRecognitions,
  };
}
