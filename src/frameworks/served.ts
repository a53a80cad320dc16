import { z } from '@hono/zod-openapi';
import { Criterion, FrameworkDefinition, Indicator, LegalBasis, Part } from './schema.ts';

/**
 * A framework definition as GET /api/frameworks/{id} serves it: dates as text, and on each
 * indicator and part what the API adds (the threshold in words, whether the rule is missing).
 */
const served = { threshold_text: z.string(), rule_missing: z.boolean() };
const servedDate = z.string().openapi({ example: '2021-12-31' });
export const ServedPart = z.object({ ...Part.shape, ...served });
export type ServedPart = z.output<typeof ServedPart>;
export const ServedIndicator = z.object({
  ...Indicator.shape,
  ...served,
  parts: z.array(ServedPart).optional(),
});
export type ServedIndicator = z.output<typeof ServedIndicator>;
export const ServedCriterion = z.object({ ...Criterion.shape, indicators: z.array(ServedIndicator) });
export type ServedCriterion = z.output<typeof ServedCriterion>;
export const ServedDefinition = z
  .object({
    ...FrameworkDefinition.shape,
    legal_basis: z.array(
      z.object({ ...LegalBasis.shape, date: servedDate.optional(), effective: servedDate.optional() }),
    ),
    valid: z.object({ from: servedDate, to: servedDate }),
    in_force: z.object({ from: servedDate }).optional(),
    criteria: z.array(ServedCriterion),
    conditions: z.array(ServedIndicator),
  })
  .openapi('FrameworkDefinition');
export type ServedDefinition = z.output<typeof ServedDefinition>;
