import type ExcelJS from 'exceljs';
import { parse as parseYaml } from 'yaml';
import { parseDate, parseNumber } from '../engine/written.ts';
import type { FrameworkIssue } from '../frameworks/load.ts';
import {
  indicatorSheetName,
  infoFields,
  infoSheetName,
  legalColumns,
  readRuleCell,
  type toOperator,
  toValueType,
} from './framework-columns.ts';
import { TemplateLocations } from './framework-locations.ts';
import { findHeaderRow, textOf } from './workbook.ts';

/** A problem in an uploaded template, with where an official finds it in Excel. */
export interface TemplateIssue extends FrameworkIssue {
  sheet?: string;
  line?: number;
  column?: string;
}

export type Raw = Record<string, unknown>;
export const lines = (t: string) => t.split(/[\n;]+|\s+/).filter(Boolean);

/** dd/mm/yyyy → yyyy-mm-dd; anything else as it is (validation names it). */
export function isoDate(t: string): string {
  return parseDate(t) ?? t;
}

/** Reads the cells of a framework template, collecting problems with their place in the workbook. */
export class TemplateReader {
  readonly issues: TemplateIssue[] = [];
  readonly locations = new TemplateLocations();
  constructor(readonly file: string) {}

  issue(sheet: string, line: number | undefined, column: string | undefined, message: string): void {
    const path = this.locations.describe({ sheet, line, column });
    this.issues.push({ file: this.file, path, message, sheet, line, column });
  }

  /** Parses YAML/JSON text in a cell; reports and returns undefined when it is not valid. */
  yaml(text: string, sheet: string, line: number, column: string): unknown {
    try {
      return parseYaml(text);
    } catch (err) {
      this.issue(sheet, line, column, `không đọc được "${text}": ${(err as Error).message.split('\n')[0]}`);
      return undefined;
    }
  }

  /** The "Thông tin" sheet: the framework's own fields and its legal basis. */
  info(sheet: ExcelJS.Worksheet): Raw {
    const raw: Raw = {};
    const valueCol = findHeaderRow(sheet, ['Mục', 'Giá trị']).columns.get('Giá trị') ?? 2;
    let legalHeader = 0;
    for (let r = 1; r <= sheet.rowCount; r++) {
      const label = textOf(sheet.getCell(r, 1));
      if (label === legalColumns[0].header) legalHeader = r;
      const field = infoFields.find((f) => f.label === label);
      if (!field) continue;
      this.locations.info(field.path, r);
      const t = textOf(sheet.getCell(r, valueCol));
      if (!t) continue;
      const at = (message: string) => this.issue(infoSheetName, r, 'Giá trị', message);
      if (field.path === 'version') {
        const n = parseNumber(t);
        if (n === null) at(`"${t}" không phải số phiên bản`);
        else raw.version = n;
      } else if (field.path === 'applies_to') raw.applies_to = t.split(/[,;\s]+/).filter(Boolean);
      else if (field.path.startsWith('valid.')) {
        raw.valid = { ...(raw.valid as Raw | undefined), [field.path.slice(6)]: isoDate(t) };
      } else if (field.path === 'policy') {
        if (t !== 'all') raw.policy = this.yaml(t, infoSheetName, r, 'Giá trị');
      } else if (field.path === 'revocation') raw.revocation = this.yaml(t, infoSheetName, r, 'Giá trị');
      else if (field.path === 'sources') raw.sources = lines(t);
      else raw[field.path] = t;
    }
    if (!raw.valid) raw.valid = {};
    raw.version ??= 1;
    raw.legal_basis = legalHeader ? this.legal(sheet, legalHeader) : [];
    this.locations.info('legal_basis', legalHeader || undefined);
    return raw;
  }

  legal(sheet: ExcelJS.Worksheet, header: number): Raw[] {
    const at = new Map<string, number>();
    sheet.getRow(header).eachCell((cell, c) => {
      at.set(textOf(cell), c);
    });
    const out: Raw[] = [];
    for (let r = header + 1; r <= sheet.rowCount; r++) {
      const item: Raw = {};
      for (const { header: h, key } of legalColumns) {
        const c = at.get(h);
        const t = c ? textOf(sheet.getCell(r, c)) : '';
        if (t) item[key] = key === 'date' || key === 'effective' ? isoDate(t) : t;
      }
      if (Object.keys(item).length === 0) break;
      this.locations.legal(out.length, r);
      out.push(item);
    }
    return out;
  }

  rule(
    text: string,
    line: number,
    column: string,
    op: ReturnType<typeof toOperator>,
    type: unknown,
  ): unknown {
    const r = readRuleCell(text, op, toValueType(String(type ?? '')));
    if (r.ok) return r.rule;
    this.issue(indicatorSheetName, line, column, r.message);
    return undefined;
  }

  /** A rule written freely: "không áp dụng", a JSON object, or a CEL expression. */
  freeRule(text: string, line: number, column: string): unknown {
    if (/^(không áp dụng|not_applicable)$/i.test(text)) return 'not_applicable';
    if (text.startsWith('{')) return this.yaml(text, indicatorSheetName, line, column);
    return text;
  }
}
