import { z } from 'zod';
import { zodText } from '../text.ts';

/** Unit kinds (loại đơn vị hành chính) a framework may apply to. */
export const unitKinds = [
  'province',
  'city',
  'district',
  'urban_district',
  'town',
  'provincial_city',
  'commune',
  'ward',
  'township',
  'special_zone',
  'village',
] as const;
export const UnitKind = z.enum(unitKinds);
export type UnitKind = z.infer<typeof UnitKind>;

export const valueTypes = ['percent', 'number', 'boolean', 'level', 'date', 'text'] as const;
export const ValueType = z.enum(valueTypes);
export type ValueType = z.infer<typeof ValueType>;

const isoDate = z.union([
  z.date().transform((d) => d.toISOString().slice(0, 10)),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, zodText('phải là ngày dạng YYYY-MM-DD', 'must be a YYYY-MM-DD date')),
]);

const scalar = z.union([z.number(), z.boolean(), z.string()]);
const comparisonKeys = ['>=', '>', '<=', '<', '==', '!='] as const;

/** Structured threshold: {">=": 90}, {between: [a, b]}, {in: [...]}; several keys must all hold. */
export const Threshold = z
  .object({
    '>=': z.number().optional(),
    '>': z.number().optional(),
    '<=': z.number().optional(),
    '<': z.number().optional(),
    '==': scalar.optional(),
    '!=': scalar.optional(),
    between: z.tuple([z.number(), z.number()]).optional(),
    in: z.array(scalar).min(1).optional(),
  })
  .strict()
  .refine((t) => Object.keys(t).length > 0, zodText('ngưỡng rỗng', 'empty threshold'));
export type Threshold = z.infer<typeof Threshold>;
export { comparisonKeys };

/** A rule: structured threshold, CEL expression, `not_applicable`, or null (rule_missing). */
export const Rule = z.union([Threshold, z.literal('not_applicable'), z.string().min(1), z.null()]);
export type Rule = z.infer<typeof Rule>;

const Derived = z.union([
  z
    .object({
      children_met_share: z.string().min(1),
      /**
       * A unit with no unit of that framework's kinds below it: `not_applicable` (e.g. "100% of
       * the district's thị trấn" for a district without one); default: no data.
       */
      if_none: z.literal('not_applicable').optional(),
    })
    .strict(),
  z.object({ framework_met: z.string().min(1) }).strict(),
]);
export type Derived = z.infer<typeof Derived>;

const measureId = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, zodText('mã số liệu phải là snake_case', 'measure id must be snake_case'));

const overrides = z.record(z.string(), Rule).optional();

/**
 * Soft data-quality rules of a measure (src/quality/): they warn, never refuse. Absent keys take
 * the defaults: a year-on-year change beyond 30 points (percentages) or 50 % (numbers), an
 * outlier check against sibling units. `checks` are CEL consistency rules over the unit's
 * figures of the period: `value` is this measure, `m.<measure>` any other one.
 */
export const MeasureQuality = z
  .object({
    change_points: z.number().positive().optional(),
    change_pct: z.number().positive().optional(),
    outliers: z.boolean().optional(),
    checks: z.array(z.object({ rule: z.string().min(1), message: z.string().min(1) }).strict()).optional(),
  })
  .strict();
export type MeasureQuality = z.infer<typeof MeasureQuality>;

const common = {
  name: z.string().min(1),
  name_en: z.string().optional(),
  unit: z.string().nullish(),
  applies_if: z.string().min(1).optional(),
  department: z.string().optional(),
  evidence: z.string().optional(),
  verified: z.boolean().default(true),
  sources: z.array(z.string()).default([]),
  note: z.string().optional(),
  todo: z.string().optional(),
  /** Stands for indicators not yet transcribed (keeps the criterion rule_missing); never shown to citizens. */
  placeholder: z.boolean().optional(),
  points: z.number().positive().optional(),
  max_points: z.number().positive().optional(),
  quality: MeasureQuality.optional(),
};

export const Part = z
  .object({
    ...common,
    measure: measureId,
    type: ValueType,
    rule: Rule.optional(),
    basic_rule: Rule.optional(),
    by_region: overrides,
    by_group: overrides,
  })
  .strict();
export type Part = z.infer<typeof Part>;

export const Indicator = z
  .object({
    ...common,
    code: z.coerce.string().min(1),
    measure: measureId.optional(),
    derived: Derived.optional(),
    type: ValueType.optional(),
    rule: Rule.optional(),
    basic_rule: Rule.optional(),
    by_region: overrides,
    by_group: overrides,
    parts: z.array(Part).min(1).optional(),
  })
  .strict()
  .superRefine((ind, ctx) => {
    const sources = [ind.measure, ind.derived, ind.parts].filter((x) => x !== undefined).length;
    if (sources !== 1)
      ctx.addIssue({
        code: 'custom',
        message: zodText(
          'cần đúng một trong measure, derived, parts',
          'needs exactly one of measure, derived, parts',
        ),
      });
    if (!ind.parts && !ind.type)
      ctx.addIssue({
        code: 'custom',
        path: ['type'],
        message: zodText('thiếu kiểu giá trị', 'type is required'),
      });
  });
export type Indicator = z.infer<typeof Indicator>;

const CriterionPolicy = z.union([
  z.literal('all'),
  z.object({ min_met: z.number().int().positive() }).strict(),
]);

export const Criterion = z
  .object({
    no: z.coerce.string().min(1),
    name: z.string().min(1),
    name_en: z.string().optional(),
    group: z.coerce.string().optional(),
    policy: CriterionPolicy.default('all'),
    applies_if: z.string().min(1).optional(),
    department: z.string().optional(),
    verified: z.boolean().default(true),
    sources: z.array(z.string()).default([]),
    note: z.string().optional(),
    todo: z.string().optional(),
    indicators: z.array(Indicator).default([]),
  })
  .strict();
export type Criterion = z.infer<typeof Criterion>;

const Band = z.object({ min: z.number(), label: z.string().min(1) }).strict();

export const Policy = z.union([
  z.literal('all'),
  z
    .object({ mandatory: z.array(z.coerce.string()).min(1), optional_min: z.number().int().nonnegative() })
    .strict(),
  z.object({ points_min: z.number(), bands: z.array(Band).default([]) }).strict(),
]);
export type Policy = z.infer<typeof Policy>;

export const LegalBasis = z
  .object({
    number: z.string().min(1),
    date: isoDate.optional(),
    issuer: z.string().optional(),
    part: z.string().optional(),
    title: z.string().optional(),
    effective: isoDate.optional(),
    url: z.string().optional(),
  })
  .strict();

/**
 * Revocation of a recognition (QĐ 18/2022/QĐ-TTg): the criteria whose failure, together with
 * 30% to under 50% of the criteria unmet, revokes it ("key" criteria). Absent = not configured:
 * only the ≥ 50% rule can flag a unit.
 */
export const Revocation = z
  .object({
    key_criteria: z.array(z.coerce.string()).min(1),
    /**
     * A district is also revoked when this share (%) of its communes had their recognition under
     * one of these frameworks revoked (QĐ 18/2022: 30% for a district NTM).
     */
    children_revoked: z
      .object({ frameworks: z.array(z.string().min(1)).min(1), share_pct: z.number().gt(0).max(100) })
      .strict()
      .optional(),
    basis: z.string().optional(),
    verified: z.boolean().default(true),
    sources: z.array(z.string()).default([]),
    note: z.string().optional(),
  })
  .strict();
export type Revocation = z.infer<typeof Revocation>;

/** Who approves a unit's routine figures (the level above): one of the two approving roles. */
export const ApproverRole = z.enum(['coordination_office', 'department_reviewer']);
export type ApproverRole = z.infer<typeof ApproverRole>;

/**
 * Approval of routine figures (src/approval/): the approving role for every unit kind, and per
 * kind where it differs. Absent: the coordination office approves.
 */
export const Approval = z
  .object({
    approver: ApproverRole.default('coordination_office'),
    by_kind: z.partialRecord(UnitKind, ApproverRole).optional(),
  })
  .strict();
export type Approval = z.infer<typeof Approval>;

export const FrameworkDefinition = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, zodText('mã bộ tiêu chí chỉ gồm a-z, 0-9, -', 'id must be [a-z0-9-]')),
    version: z.number().int().positive(),
    name: z.string().min(1),
    name_en: z.string().optional(),
    legal_basis: z.array(LegalBasis).min(1),
    applies_to: z.array(UnitKind).min(1),
    valid: z.object({ from: isoDate, to: isoDate }).strict(),
    /**
     * From when this version governs (hiệu lực thi hành), e.g. an amending decision's date;
     * default: `valid.from`. A period is judged by the version in force on its last day.
     */
    in_force: z.object({ from: isoDate }).strict().optional(),
    policy: Policy.default('all'),
    group_attribute: z.string().default('group'),
    sources: z.array(z.string()).default([]),
    note: z.string().optional(),
    todo: z.string().optional(),
    conditions: z.array(Indicator).default([]),
    criteria: z.array(Criterion).min(1),
    revocation: Revocation.optional(),
    approval: Approval.optional(),
  })
  .strict();
export type FrameworkDefinition = z.infer<typeof FrameworkDefinition>;
