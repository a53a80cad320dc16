/** The answer of GET /api/quality (src/quality/routes.ts). */
export type QualityKind = 'change' | 'outlier' | 'consistency';

export interface QualityIssue {
  unit: string;
  unit_name: string;
  indicator: string;
  indicator_name: string;
  measure: string;
  period: string;
  kind: QualityKind;
  message: string;
  explanation: { note: string; by: string; at: string } | null;
}

export interface QualityReport {
  period: string;
  unit: string | null;
  counts: { open: number; explained: number };
  issues: QualityIssue[];
}
