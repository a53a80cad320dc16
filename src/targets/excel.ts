/**
 * The .xlsx layout officials use for targets: one sheet per unit or department, one row per
 * indicator, the year's target then each month's (or quarter's) figure. Exported with the
 * computed columns (to date, % of target, projection, status and its rule); imported back in two
 * steps (check, then commit). A bad file changes nothing.
 */
import type { Actor } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError, type InputIssue } from '../errors.ts';
import { cellBorder, newWorkbook, solidFill, styleHeaderRow, viToday } from '../excel/workbook.ts';
import { readSheets, type Sheet } from '../files/sheets.ts';
import { cellText } from '../files/tabular.ts';
import { type Message, render, text } from '../text.ts';
import { currentStates } from '../values/audit.ts';
import { applyActuals, checkActuals, type RawActual } from './actuals.ts';
import { applyTargets, checkTargets, loadAssignments, type RawTarget } from './assign.ts';
import { statusLabels, type TargetStatus } from './compute.ts';
import { loadHolders, requirePlan } from './plans.ts';
import { readProgress } from './progress.ts';

const subject = 'tieuchi-targets';
const headerRow = 6;
const col = { code: 1, name: 2, unit: 3, frequency: 4, target: 5, month1: 6, quarter1: 18, ytd: 22 } as const;
const header = [
  'Mã chỉ tiêu',
  'Chỉ tiêu',
  'Đơn vị tính',
  'Kỳ báo cáo',
  'Chỉ tiêu giao',
  ...Array.from({ length: 12 }, (_, i) => `T${i + 1}`),
  ...Array.from({ length: 4 }, (_, i) => `Q${i + 1}`),
  'Thực hiện đến nay',
  '% chỉ tiêu',
  'Dự báo cả năm',
  'Tình trạng',
  'Quy tắc',
];

export const targetStatusColours: Record<TargetStatus, string> = {
  on_track: '#1B7F3B',
  at_risk: '#F9A825',
  off_track: '#C62828',
  no_data: '#9E9E9E',
};

/** A sheet name Excel accepts: ≤ 31 characters, none of []:*?/\. */
function sheetName(code: string, name: string, used: Set<string>): string {
  let s = `${code} ${name}`
    .replace(/[[\]:*?/\\]/g, ' ')
    .slice(0, 31)
    .trim();
  while (used.has(s)) s = `${s.slice(0, 28)}~${used.size}`;
  used.add(s);
  return s;
}

/** The plan's workbook: one sheet per holder with a target, in plan order. */
export async function exportTargetWorkbook(
  db: Db,
  opts: { year: number; today?: string; actor: Actor },
): Promise<Buffer> {
  const progress = await readProgress(db, opts);
  const { plan } = progress;
  const wb = newWorkbook(`${subject}-${plan.year}`);
  const used = new Set<string>();
  for (const h of progress.holders) {
    const ws = wb.addWorksheet(sheetName(h.code, h.name, used));
    ws.getCell(1, 1).value = `${plan.name} — ${h.name}`;
    ws.getCell(1, 1).font = { bold: true, size: 14 };
    const info: Array<[string, string | number]> = [
      ['Mã đơn vị', h.code],
      ['Tên đơn vị', h.name],
      ['Năm kế hoạch', plan.year],
      ['Ngày xuất', viToday()],
    ];
    info.forEach(([label, value], i) => {
      ws.getCell(i + 2, 1).value = label;
      ws.getCell(i + 2, 1).font = { bold: true };
      ws.getCell(i + 2, 2).value = value;
    });
    if (plan.demo) ws.getCell(2, 4).value = 'Số liệu minh họa (demo), không phải chỉ tiêu chính thức';
    const hr = ws.getRow(headerRow);
    hr.values = header;
    styleHeaderRow(hr);
    let r = headerRow + 1;
    for (const ind of plan.indicators) {
      const cell = progress.cells.find((c) => c.holder === h.code && c.indicator === ind.code);
      if (!cell) continue;
      const row = ws.getRow(r++);
      row.getCell(col.code).value = ind.code;
      row.getCell(col.name).value = ind.name;
      row.getCell(col.unit).value = ind.unit;
      row.getCell(col.frequency).value = ind.frequency === 'month' ? 'tháng' : 'quý';
      row.getCell(col.target).value = cell.target;
      for (const a of cell.actuals) {
        const m = /-(\d{2})$/.exec(a.period);
        const q = /Q(\d)$/.exec(a.period);
        const c = m ? col.month1 + Number(m[1]) - 1 : col.quarter1 + Number(q![1]) - 1;
        row.getCell(c).value = a.value;
      }
      const round = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);
      row.getCell(col.ytd).value = round(cell.actualToDate);
      row.getCell(col.ytd + 1).value = round(cell.percentOfTarget);
      row.getCell(col.ytd + 2).value = round(cell.projection);
      const st = row.getCell(col.ytd + 3);
      st.value = statusLabels[cell.status].vi;
      st.fill = solidFill(targetStatusColours[cell.status]);
      st.font = {
        color: { argb: cell.status === 'at_risk' || cell.status === 'no_data' ? 'FF1A1A1A' : 'FFFFFFFF' },
      };
      row.getCell(col.ytd + 4).value = `${cell.projectionRule.vi}; ${cell.statusRule.vi}`;
      row.eachCell((c) => {
        c.border = cellBorder;
      });
    }
    ws.getColumn(col.name).width = 48;
    ws.getColumn(col.ytd + 4).width = 80;
    ws.views = [{ state: 'frozen', xSplit: 2, ySplit: headerRow }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface TargetImportReport {
  file: string;
  sheets: number;
  targets: { rows: number; changed: number };
  actuals: { rows: number; changed: number };
  committed: boolean;
}

function fileError(message: Message, issues: InputIssue[] = []): AppError {
  return new AppError('INVALID_TARGET_FILE', message, issues);
}

/** Reads every sheet into raw targets and actual figures, with sheet and row in each issue. */
async function readWorkbook(data: Buffer, year: number) {
  let workbook: Sheet[];
  try {
    workbook = await readSheets(data, 'chi-tieu.xlsx');
  } catch (err) {
    if (err instanceof AppError && err.code === 'FILE_FORMAT')
      throw fileError(
        text(
          `Không đọc được tệp .xlsx: ${err.message}`,
          `not a readable .xlsx file: ${render(err.text, 'en')}`,
        ),
      );
    throw err;
  }
  const targets: RawTarget[] = [];
  const actuals: RawActual[] = [];
  const issues: InputIssue[] = [];
  let sheets = 0;
  for (const ws of workbook) {
    const sheet = ws.name;
    const holder = cellText(ws.getCell(2, 2).value).trim();
    if (cellText(ws.getCell(headerRow, 1).value).trim() !== header[0]) {
      issues.push({
        field: `${sheet}!A${headerRow}`,
        message: text(
          `trang không theo mẫu: dòng ${headerRow} phải là tiêu đề "${header[0]}…"`,
          `not the template layout`,
        ),
      });
      continue;
    }
    const fileYear = cellText(ws.getCell(4, 2).value).trim();
    if (fileYear !== String(year)) {
      issues.push({
        field: `${sheet}!B4`,
        value: fileYear,
        message: text(`tệp của năm ${fileYear || '?'}, không phải năm ${year}`, `wrong plan year`),
      });
      continue;
    }
    sheets++;
    for (let r = headerRow + 1; r <= ws.rowCount; r++) {
      const row = ws.getRow(r);
      const code = cellText(row.getCell(col.code).value).trim();
      if (!code) continue;
      const text = (c: number) => {
        const v = row.getCell(c).value;
        return typeof v === 'number' ? v : cellText(v).trim();
      };
      const target = text(col.target);
      if (target !== '') targets.push({ line: r, sheet, indicator: code, holder, target });
      for (let m = 1; m <= 12; m++) {
        const v = text(col.month1 + m - 1);
        if (v !== '')
          actuals.push({
            line: r,
            sheet,
            indicator: code,
            holder,
            period: `${year}-${String(m).padStart(2, '0')}`,
            value: v,
          });
      }
      for (let q = 1; q <= 4; q++) {
        const v = text(col.quarter1 + q - 1);
        if (v !== '')
          actuals.push({ line: r, sheet, indicator: code, holder, period: `${year}Q${q}`, value: v });
      }
    }
  }
  if (sheets === 0 && issues.length === 0)
    issues.push({ message: text('tệp không có trang nào', 'no sheets') });
  return { targets, actuals, issues, sheets };
}

/**
 * Imports a plan workbook: every sheet is checked first; with any issue nothing is stored
 * (INVALID_TARGET_FILE, issues naming sheet, row and column). `commit: false` only reports
 * what would change. Changed targets need target.assign, changed figures target.report.
 */
export async function importTargetWorkbook(
  db: Db,
  actor: Actor,
  opts: { year: number; data: Buffer; fileName: string; commit: boolean },
): Promise<TargetImportReport> {
  const plan = await requirePlan(db, opts.year);
  const holders = await loadHolders(db, plan);
  const raw = await readWorkbook(opts.data, plan.year);
  const t = checkTargets(raw.targets, plan, holders);
  const fresh = new Set(t.targets.map((x) => `${x.indicator}\u0000${x.holder}`));
  const a = await checkActuals(db, raw.actuals, plan, holders, fresh);
  const issues = [...raw.issues, ...t.issues, ...a.issues];
  if (issues.length > 0)
    throw fileError(
      text(`Tệp ${opts.fileName} có ${issues.length} lỗi, không có gì được lưu`, `nothing was stored`),
      issues,
    );
  const values = a.values;
  const base = { file: opts.fileName, sheets: raw.sheets, committed: opts.commit };
  if (!opts.commit) {
    const current = await loadAssignments(db, plan.year);
    const before = await currentStates(db, values);
    return {
      ...base,
      targets: {
        rows: t.targets.length,
        changed: t.targets.filter((x) => current.get(x.indicator)?.get(x.holder) !== x.target).length,
      },
      actuals: {
        rows: values.length,
        changed: values.filter(
          (v) => before.get(`${v.unitCode}\u0000${v.measureId}\u0000${v.period}`)?.num !== v.cell.num,
        ).length,
      },
    };
  }
  return db.transaction(async (tx) => {
    const changedTargets = await applyTargets(tx, actor, plan, holders, t.targets, 'import');
    const changedActuals = await applyActuals(tx, actor, plan, holders, values, 'import');
    await recordEvent(tx, {
      type: 'target.imported',
      actor,
      unitCode: plan.rootCode,
      data: { year: plan.year, file: opts.fileName, targets: changedTargets, actuals: changedActuals },
    });
    return {
      ...base,
      targets: { rows: t.targets.length, changed: changedTargets },
      actuals: { rows: values.length, changed: changedActuals },
    };
  });
}
