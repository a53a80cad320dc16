import { z } from '@hono/zod-openapi';
import type { UnitNode } from './tree.ts';

export const UnitSchema = z
  .object({
    code: z.string().openapi({ example: '00004' }),
    name: z.string().openapi({ example: 'Phường Ba Đình' }),
    kind: z.string().openapi({ example: 'ward' }),
    parent_code: z.string().nullable(),
    valid_from: z.string().nullable().openapi({ description: 'null: không rõ ngày bắt đầu' }),
    valid_to: z.string().nullable().openapi({ description: 'null: còn hiệu lực' }),
    successors: z.array(z.string()).openapi({ description: 'Mã các đơn vị kế thừa' }),
    attributes: z.record(z.string(), z.string()),
  })
  .openapi('Unit', { description: 'Đơn vị hành chính trong một khoảng hiệu lực' });
export type UnitJson = z.infer<typeof UnitSchema>;

/** The fields of a unit that leave the server. */
export function presentUnit(n: UnitNode): UnitJson {
  return {
    code: n.code,
    name: n.name,
    kind: n.kind,
    parent_code: n.parentCode,
    valid_from: n.validFrom,
    valid_to: n.validTo,
    successors: n.successors,
    attributes: n.attributes,
  };
}
