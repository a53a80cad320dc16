import { z } from '@hono/zod-openapi';
import { type Action, allActions } from '../access/index.ts';
import type { StoredGrant } from './grants.ts';
import type { UserInfo } from './users.ts';

export const GrantJson = z
  .object({
    id: z.number().int(),
    role: z.string().openapi({ example: 'department_reviewer' }),
    unit_code: z.string().openapi({ example: '01', description: "Gốc cây đơn vị; '*' = mọi đơn vị" }),
    framework_id: z.string().nullable(),
    criteria: z
      .array(z.string())
      .nullable()
      .openapi({ example: ['2'] }),
  })
  .openapi('RoleGrant');

export const UserJson = z
  .object({
    id: z.number().int(),
    username: z.string(),
    display_name: z.string(),
    active: z.boolean(),
    locked_until: z.string().nullable(),
    created_at: z.string(),
    grants: z.array(GrantJson),
  })
  .openapi('User');

export const Abilities = z
  .object(Object.fromEntries(allActions.map((a) => [a, z.boolean()])) as Record<Action, z.ZodBoolean>)
  .openapi('Abilities', { description: 'Những việc người dùng được làm (trên đơn vị hỏi, hoặc ở đâu đó)' });

export function presentGrant(g: StoredGrant): z.infer<typeof GrantJson> {
  return {
    id: g.id,
    role: g.role,
    unit_code: g.unitCode,
    framework_id: g.frameworkId ?? null,
    criteria: g.criteria ?? null,
  };
}

export function presentUser(u: UserInfo): z.infer<typeof UserJson> {
  return {
    id: u.id,
    username: u.username,
    display_name: u.displayName,
    active: u.active,
    locked_until: u.lockedUntil,
    created_at: u.createdAt,
    grants: u.grants.map(presentGrant),
  };
}
