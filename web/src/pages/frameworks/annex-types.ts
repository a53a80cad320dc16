// Shapes of the annex import and review API (src/frameworks/annex/routes.ts).

export interface AnnexUnparsed {
  code: string;
  column: string;
  cell: string;
}

export interface AnnexImportResult {
  draft: { id: string; version: number };
  criteria: number;
  indicators: number;
  rules: number;
  unparsed: AnnexUnparsed[];
  warnings: string[];
}

export interface AnnexReviewCell {
  column: string;
  label: string;
  source: string;
  parsed: boolean;
  corrected: string | null;
  rule_text: string | null;
}

export interface AnnexReviewIndicator {
  criterion_no: string;
  criterion_name: string;
  code: string;
  name: string;
  measure: string | null;
  type: string | null;
  unit: string | null;
  rule_missing: boolean;
  cells: AnnexReviewCell[];
}

export interface AnnexReview {
  id: string;
  version: number;
  status: string;
  name: string;
  source_file: string | null;
  unparsed_count: number;
  indicators: AnnexReviewIndicator[];
}

/** A threshold column in words: "rule" → the general column, "region:TN" → TN, "group:1" → Nhóm 1. */
export function columnName(column: string, general: string, group: (g: string) => string): string {
  if (column === 'rule') return general;
  if (column.startsWith('group:')) return group(column.slice(6));
  return column.replace(/^region:/, '');
}
