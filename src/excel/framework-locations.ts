import type { FrameworkIssue } from '../frameworks/load.ts';
import {
  col,
  groupHeader,
  groups,
  indicatorSheetName,
  infoSheetName,
  legalColumns,
  regions,
} from './framework-columns.ts';

export interface CellLocation {
  sheet: string;
  line?: number | undefined;
  column?: string | undefined;
}

/** Which column of "Chỉ tiêu" holds each indicator / criterion field. */
const indicatorFieldColumns: Record<string, string> = {
  code: col.code,
  name: col.name,
  name_en: col.nameEn,
  measure: col.measure,
  type: col.type,
  unit: col.unit,
  department: col.department,
  evidence: col.evidence,
  verified: col.verified,
  sources: col.sources,
  note: col.note,
  todo: col.todo,
  applies_if: col.appliesIf,
  basic_rule: col.basicRule,
  points: col.points,
  max_points: col.maxPoints,
  derived: col.derived,
  parts: col.yaml,
};
const criterionFieldColumns: Record<string, string> = {
  ...indicatorFieldColumns,
  no: col.criterionNo,
  name: col.criterionName,
  group: col.criterionGroup,
  policy: col.criterionPolicy,
};
const regionCodes = new Set(regions.map(([code]) => code));
const groupKeys = new Set<string>(groups);

interface IndicatorPlace {
  line: number;
  ruleColumn: string;
  readOnly: boolean;
}

/** Where each part of a definition read from a template came from, to report errors in Excel terms. */
export class TemplateLocations {
  private readonly infoLines = new Map<string, number | undefined>();
  private readonly legalLines: number[] = [];
  private readonly criterionLines: number[] = [];
  private readonly indicatorPlaces = new Map<string, IndicatorPlace>();

  info(path: string, line: number | undefined): void {
    this.infoLines.set(path, line);
  }
  legal(index: number, line: number): void {
    this.legalLines[index] = line;
  }
  criterion(index: number, line: number): void {
    this.criterionLines[index] = line;
  }
  indicator(path: string, line: number, ruleColumn: string, readOnly: boolean): void {
    this.indicatorPlaces.set(path, { line, ruleColumn, readOnly });
  }

  /** "Chỉ tiêu, dòng 7, cột Ngưỡng chung". */
  describe(at: CellLocation): string {
    return [at.sheet, at.line !== undefined ? `dòng ${at.line}` : null, at.column ? `cột ${at.column}` : null]
      .filter(Boolean)
      .join(', ');
  }

  /** The cell a definition path (criteria[0].indicators[1].by_group.3) was read from. */
  locate(path: string): CellLocation | null {
    const t = path.match(/[^.[\]]+/g) ?? [];
    const [head, index] = t;
    if (head === 'criteria' && t[2] === 'indicators') {
      return this.indicatorCell(`criteria[${index}].indicators[${t[3]}]`, t[4], t[5]);
    }
    if (head === 'conditions') return this.indicatorCell(`conditions[${index}]`, t[2], t[3]);
    if (head === 'criteria') {
      const line = index === undefined ? undefined : this.criterionLines[Number(index)];
      return { sheet: indicatorSheetName, line, column: t[2] ? criterionFieldColumns[t[2]] : undefined };
    }
    if (head === 'legal_basis' && index !== undefined) {
      const column = legalColumns.find((c) => c.key === t[2])?.header;
      return { sheet: infoSheetName, line: this.legalLines[Number(index)], column };
    }
    if (!head || head === '(gốc)') return { sheet: infoSheetName };
    const key = head === 'valid' ? `valid.${t[1] ?? 'from'}` : head;
    if (!this.infoLines.has(key)) return null;
    return {
      sheet: infoSheetName,
      line: this.infoLines.get(key),
      column: key === 'legal_basis' ? undefined : 'Giá trị',
    };
  }

  private indicatorCell(key: string, field: string | undefined, sub: string | undefined): CellLocation {
    const place = this.indicatorPlaces.get(key);
    const at = (column: string | undefined): CellLocation => ({
      sheet: indicatorSheetName,
      line: place?.line,
      column,
    });
    if (!field) return at(undefined);
    if (place?.readOnly) return at(col.yaml);
    if (field === 'rule') return at(place?.ruleColumn ?? col.rule);
    if (field === 'by_region') return at(sub && regionCodes.has(sub) ? sub : col.otherOverrides);
    if (field === 'by_group') return at(sub && groupKeys.has(sub) ? groupHeader(sub) : col.otherOverrides);
    return at(indicatorFieldColumns[field]);
  }

  /** The same issue, with its place in the workbook instead of the path in the definition. */
  relocate(issue: FrameworkIssue): FrameworkIssue & { sheet?: string; line?: number; column?: string } {
    const at = this.locate(issue.path);
    if (!at) return issue;
    const out: FrameworkIssue & { sheet?: string; line?: number; column?: string } = {
      ...issue,
      path: this.describe(at),
      sheet: at.sheet,
    };
    if (at.line !== undefined) out.line = at.line;
    if (at.column) out.column = at.column;
    return out;
  }
}
