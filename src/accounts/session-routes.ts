import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type Action, abilitiesAnywhere, abilitiesFor, allActions, isSystemAdmin } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { clearSessionCookie, clientAddress, setSessionCookie } from '../http/auth.ts';
import { CodeParam, createRouter, DateParam, errors, json } from '../http/openapi.ts';
import { Abilities, GrantJson, presentGrant } from './present.ts';
import { login, logout, type Session } from './sessions.ts';

const tags = ['Tài khoản'];

const SessionJson = z
  .object({
    auth: z.enum(['off', 'required']).openapi({ description: 'TIEUCHI_AUTH của máy chủ' }),
    user: z
      .object({
        id: z.number().int(),
        username: z.string(),
        display_name: z.string(),
        grants: z.array(GrantJson),
      })
      .nullable(),
    csrf_token: z
      .string()
      .nullable()
      .openapi({ description: 'Gửi lại trong tiêu đề X-CSRF-Token khi POST/PUT/DELETE' }),
    expires_at: z.string().nullable(),
    abilities: Abilities,
    system_admin: z.boolean().openapi({
      description: 'Quản trị viên toàn hệ thống (được tải lên, ban hành bộ tiêu chí)',
    }),
  })
  .openapi('Session');

const readRoute = createRoute({
  method: 'get',
  path: '/',
  tags,
  summary: 'Phiên đăng nhập hiện tại, mã chống giả mạo và quyền (trên đơn vị hỏi, hoặc ở đâu đó)',
  request: {
    query: z.object({
      unit: CodeParam.optional().openapi({
        description: 'Quyền trên đơn vị này; không có: việc được làm ở đâu đó',
      }),
      framework: z.string().min(1).max(100).optional(),
      date: DateParam.optional(),
    }),
  },
  responses: { 200: json(SessionJson, 'Phiên (user null khi chưa đăng nhập)') },
});

const loginRoute = createRoute({
  method: 'post',
  path: '/',
  tags,
  summary: 'Đăng nhập: đặt cookie phiên (http-only, SameSite=Lax)',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(256) }),
        },
      },
    },
  },
  responses: { 200: json(SessionJson, 'Đã đăng nhập'), ...errors(400, 401, 403, 429) },
});

const logoutRoute = createRoute({
  method: 'delete',
  path: '/',
  tags,
  summary: 'Đăng xuất (cần X-CSRF-Token)',
  responses: { 200: json(SessionJson, 'Đã đăng xuất'), ...errors(403) },
});

/** What the caller may do: on the unit asked about, or somewhere (menus). Accounts and audit need a session. */
async function abilities(
  db: Db,
  c: Context,
  session: Session | null,
  q: { unit?: string; framework?: string; date?: string },
): Promise<Record<Action, boolean>> {
  const actor = session?.actor ?? (c.get('authMode') === 'off' ? c.get('actor') : null);
  if (!actor) return Object.fromEntries(allActions.map((a) => [a, false])) as Record<Action, boolean>;
  const out = q.unit
    ? await abilitiesFor(db, actor, { unitCode: q.unit, frameworkId: q.framework, date: q.date })
    : abilitiesAnywhere(actor);
  if (!session) {
    out['user.manage'] = false;
    out['audit.read'] = false;
  }
  return out;
}

/** May change frameworks: an administrator of every unit, or anyone when auth is off (the system acts). */
function systemAdmin(c: Context, session: Session | null): boolean {
  const actor = session?.actor ?? (c.get('authMode') === 'off' ? c.get('actor') : null);
  return actor !== null && isSystemAdmin(actor);
}

async function sessionJson(
  db: Db,
  c: Context,
  session: Session | null,
  q = {},
): Promise<z.infer<typeof SessionJson>> {
  return {
    auth: c.get('authMode'),
    user: session && {
      id: session.user.id,
      username: session.user.username,
      display_name: session.user.displayName,
      grants: session.user.grants.map(presentGrant),
    },
    csrf_token: session?.csrfToken ?? null,
    expires_at: session?.expiresAt ?? null,
    abilities: await abilities(db, c, session, q),
    system_admin: systemAdmin(c, session),
  };
}

/** /api/session: who is logged in (with the CSRF token and abilities), log in, log out. */
export function sessionRoutes(db: Db) {
  return createRouter()
    .openapi(readRoute, async (c) =>
      c.json(await sessionJson(db, c, c.get('session'), c.req.valid('query')), 200),
    )
    .openapi(loginRoute, async (c) => {
      const { username, password } = c.req.valid('json');
      const s = await login(db, {
        username,
        password,
        address: clientAddress(c),
        userAgent: c.req.header('user-agent') ?? null,
      });
      setSessionCookie(c, s.token);
      return c.json(await sessionJson(db, c, s), 200);
    })
    .openapi(logoutRoute, async (c) => {
      const token = c.get('sessionToken');
      if (token) await logout(db, { token });
      clearSessionCookie(c);
      c.set('session', null);
      return c.json(await sessionJson(db, c, null), 200);
    });
}
