// Shapes of the annex import and review API (src/frameworks/annex/routes.ts), from the contract.
import type { Res, Schema } from '../../api/types.ts';

export type AnnexImportResult = Res<'/frameworks/annex', 'post'>;
export type AnnexUnparsed = AnnexImportResult['unparsed'][number];
export type AnnexReview = Schema<'AnnexReview'>;
export type AnnexReviewIndicator = AnnexReview['indicators'][number];
export type AnnexReviewCell = AnnexReviewIndicator['cells'][number];

/** A threshold column in words: "rule" → the general column, "region:TN" → TN, "group:1" → Nhóm 1. */
export function columnName(column: string, general: string, group: (g: string) => string): string {
  if (column === 'rule') return general;
  if (column.startsWith('group:')) return group(column.slice(6));
  return column.replace(/^region:/, '');
}
