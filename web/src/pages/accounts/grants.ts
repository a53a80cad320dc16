import type { MessageKey } from '../../i18n/dict.ts';
import type { SessionGrant } from '../../session/session.tsx';

/** The roles an administrator may grant (src/access/policy.ts), in the order of the form. */
export const roleList = [
  'commune_officer',
  'department_reviewer',
  'coordination_office',
  'council_member',
  'leader',
  'admin',
] as const;

export const roleKey = (role: string) => `role_${role}` as MessageKey;

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/** "Cán bộ xã — Xã Gia Lâm (00565)", "Sở, ngành thẩm định — … — tiêu chí 2 của vn-qd318-…". */
export function grantText(t: T, g: SessionGrant, unitName?: string): string {
  const unit =
    g.unit_code === '*' ? t('accAllUnits') : unitName ? `${unitName} (${g.unit_code})` : g.unit_code;
  let text = t('grantOn', { role: t(roleKey(g.role)), unit });
  if (g.framework_id && g.criteria?.length)
    text += ` — ${t('grantCriteriaOf', { criteria: g.criteria.join(', '), framework: g.framework_id })}`;
  else if (g.framework_id) text += ` — ${t('grantFrameworkOnly', { framework: g.framework_id })}`;
  return text;
}

/** The distinct roles of a person, in words ("Quản trị viên, Cán bộ xã"). */
export function roleNames(t: T, grants: SessionGrant[]): string {
  return [...new Set(grants.map((g) => g.role))].map((r) => t(roleKey(r))).join(', ');
}
