import { createRoute, z } from '@hono/zod-openapi';
import { roles } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { requireSession } from '../http/auth.ts';
import { CodeParam, createRouter, errors, json } from '../http/openapi.ts';
import { grantRole, revokeRole } from './grants.ts';
import { GrantJson, presentGrant, presentUser, UserJson } from './present.ts';
import {
  activateUser,
  createUser,
  deactivateUser,
  listUsers,
  requireUser,
  setPassword,
  unlockUser,
} from './users.ts';

const tags = ['Tài khoản'];

const GrantBody = z.object({
  role: z.enum(roles as [string, ...string[]]).openapi({ example: 'department_reviewer' }),
  unit_code: CodeParam.openapi({ example: '01', description: "Gốc cây đơn vị; '*' = mọi đơn vị" }),
  framework_id: z.string().min(1).max(100).nullable().optional(),
  criteria: z
    .array(z.string().min(1).max(10))
    .max(100)
    .nullable()
    .optional()
    .openapi({ example: ['2'] }),
});
type GrantInput = z.infer<typeof GrantBody>;

const UserId = z.object({ id: z.coerce.number().int().positive() });
const ok = json(z.object({ ok: z.literal(true) }), 'Đã thực hiện');
const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Danh sách tài khoản và quyền (quản trị viên)',
  responses: { 200: json(z.object({ users: z.array(UserJson) }), 'Tài khoản'), ...errors(401, 403) },
});

const createUserRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Tạo tài khoản, có thể kèm quyền (quản trị viên)',
  request: jsonBody(
    z.object({
      username: z.string().min(1).max(64),
      display_name: z.string().min(1).max(200),
      password: z.string().max(256).optional(),
      grants: z.array(GrantBody).max(50).optional(),
    }),
  ),
  responses: { 200: json(z.object({ user: UserJson }), 'Đã tạo'), ...errors(400, 401, 403, 409) },
});

const grantRoute = createRoute({
  method: 'post',
  path: '/{id}/grants',
  tags,
  summary: 'Cấp quyền trên một cây đơn vị (quản trị viên của cây đó)',
  request: { params: UserId, ...jsonBody(GrantBody) },
  responses: { 200: json(z.object({ grant: GrantJson }), 'Đã cấp'), ...errors(400, 401, 403, 404) },
});

const revokeRoute = createRoute({
  method: 'delete',
  path: '/{id}/grants/{grant_id}',
  tags,
  summary: 'Thu hồi một quyền',
  request: { params: UserId.extend({ grant_id: z.coerce.number().int().positive() }) },
  responses: { 200: ok, ...errors(401, 403, 404) },
});

const passwordRoute = createRoute({
  method: 'post',
  path: '/{id}/password',
  tags,
  summary: 'Đặt mật khẩu (chính người dùng, hoặc quản trị viên); các phiên khác kết thúc',
  request: { params: UserId, ...jsonBody(z.object({ password: z.string().max(256) })) },
  responses: { 200: ok, ...errors(400, 401, 403, 404) },
});

const deactivateRoute = createRoute({
  method: 'post',
  path: '/{id}/deactivate',
  tags,
  summary: 'Khóa tài khoản: không đăng nhập được nữa, các phiên kết thúc',
  request: { params: UserId },
  responses: { 200: ok, ...errors(401, 403, 404) },
});

const activateRoute = createRoute({
  method: 'post',
  path: '/{id}/activate',
  tags,
  summary: 'Mở lại tài khoản đã khóa (giữ nguyên các quyền)',
  request: { params: UserId },
  responses: { 200: ok, ...errors(401, 403, 404) },
});

const unlockRoute = createRoute({
  method: 'post',
  path: '/{id}/unlock',
  tags,
  summary: 'Gỡ khóa tạm thời sau nhiều lần nhập sai mật khẩu',
  request: { params: UserId },
  responses: { 200: ok, ...errors(401, 403, 404) },
});

const grantOpts = (g: GrantInput) => ({
  role: g.role as (typeof roles)[number],
  unitCode: g.unit_code,
  frameworkId: g.framework_id ?? null,
  criteria: g.criteria ?? null,
});

/** /api/users: accounts and their grants. Always needs a session, whatever TIEUCHI_AUTH says. */
export function userRoutes(db: Db) {
  return createRouter()
    .openapi(listRoute, async (c) => {
      const users = await listUsers(db, { actor: requireSession(c).actor });
      return c.json({ users: users.map(presentUser) }, 200);
    })
    .openapi(createUserRoute, async (c) => {
      const actor = requireSession(c).actor;
      const b = c.req.valid('json');
      const user = await db.transaction(async (tx) => {
        const u = await createUser(tx, {
          username: b.username,
          displayName: b.display_name,
          password: b.password,
          actor,
        });
        for (const g of b.grants ?? []) await grantRole(tx, { userId: u.id, ...grantOpts(g), actor });
        return requireUser(tx, u.id);
      });
      return c.json({ user: presentUser(user) }, 200);
    })
    .openapi(grantRoute, async (c) => {
      const actor = requireSession(c).actor;
      const grant = await grantRole(db, {
        userId: c.req.valid('param').id,
        ...grantOpts(c.req.valid('json')),
        actor,
      });
      return c.json({ grant: presentGrant(grant) }, 200);
    })
    .openapi(revokeRoute, async (c) => {
      const { id, grant_id } = c.req.valid('param');
      await revokeRole(db, { userId: id, grantId: grant_id, actor: requireSession(c).actor });
      return c.json({ ok: true as const }, 200);
    })
    .openapi(passwordRoute, async (c) => {
      const session = requireSession(c);
      await setPassword(db, {
        userId: c.req.valid('param').id,
        password: c.req.valid('json').password,
        actor: session.actor,
        keepSessionHash: session.tokenHash,
      });
      return c.json({ ok: true as const }, 200);
    })
    .openapi(deactivateRoute, async (c) => {
      await deactivateUser(db, { userId: c.req.valid('param').id, actor: requireSession(c).actor });
      return c.json({ ok: true as const }, 200);
    })
    .openapi(activateRoute, async (c) => {
      await activateUser(db, { userId: c.req.valid('param').id, actor: requireSession(c).actor });
      return c.json({ ok: true as const }, 200);
    })
    .openapi(unlockRoute, async (c) => {
      await unlockUser(db, { userId: c.req.valid('param').id, actor: requireSession(c).actor });
      return c.json({ ok: true as const }, 200);
    });
}
