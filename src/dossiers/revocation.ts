/**
 * Revocation watch (QĐ 18/2022/QĐ-TTg): a recognised unit whose current results fall into the
 * revocation conditions is flagged with the reason. Commune rule, as in the procedure notes:
 *   R1  30% to under 50% of the criteria unmet, including a key criterion of the framework
 *       (`revocation.key_criteria` in its YAML; without it R1 cannot be checked and says so);
 *   R2  50% or more of the criteria unmet.
 * "Cơ bản đạt" counts as unmet. Criteria without data or threshold are listed as undetermined,
 * not counted as unmet; not-applicable criteria are left out of the total.
 */
import { type Actor, can } from '../access/index.ts';
import { coveringCodes } from '../access/subtree.ts';
import type { Db } from '../db/database.ts';
import { parsePeriod } from '../engine/periods.ts';
import { letterStatus, type Status } from '../engine/status.ts';
import { ensureFreshRun } from '../evaluations/fresh.ts';
import { requireFrameworkForPeriod } from '../frameworks/store.ts';
import { type Lang, render, text } from '../text.ts';

export interface CriterionResult {
  no: string;
  name: string;
  status: Status;
}

export interface RevocationVerdict {
  flagged: boolean;
  rule: 'R1_key_criterion' | 'R2_half_unmet' | 'R3_children_revoked' | null;
  total: number;
  unmet: CriterionResult[];
  undetermined: CriterionResult[];
  /** Share of applicable criteria unmet, 0–100. */
  share: number;
  /** The framework's key criteria, or null when not configured. */
  keyCriteria: string[] | null;
  keyUnmet: CriterionResult[];
  reason: string;
}

const pct = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
const pctEn = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const list = (cs: CriterionResult[]) => cs.map((c) => `${c.no} ${c.name}`).join('; ');

/** The revocation verdict for one unit's criterion statuses; the reason in `lang` (Vietnamese by default). */
export function revocationVerdict(
  criteria: CriterionResult[],
  keyCriteria: string[] | null,
  lang: Lang = 'vi',
): RevocationVerdict {
  const applicable = criteria.filter((c) => c.status !== 'not_applicable');
  const unmet = applicable.filter((c) => c.status === 'not_met' || c.status === 'basically_met');
  const undetermined = applicable.filter((c) => c.status === 'no_data' || c.status === 'rule_missing');
  const total = applicable.length;
  const share = total > 0 ? (100 * unmet.length) / total : 0;
  const keyUnmet = keyCriteria ? unmet.filter((c) => keyCriteria.includes(c.no)) : [];
  const en = lang === 'en';
  const counted = en
    ? `${unmet.length}/${total} criteria unmet (${pctEn.format(share)}%)`
    : `${unmet.length}/${total} tiêu chí chưa đạt (${pct.format(share)}%)`;
  const rest =
    undetermined.length === 0
      ? ''
      : en
        ? `; ${undetermined.length} criteria undetermined (${list(undetermined)})`
        : `; ${undetermined.length} tiêu chí chưa xác định (${list(undetermined)})`;
  const base = { total, unmet, undetermined, share, keyCriteria, keyUnmet };
  const revoke = en
    ? 'in the conditions for revoking the recognition (QĐ 18/2022/QĐ-TTg)'
    : 'thuộc trường hợp thu hồi quyết định công nhận (QĐ 18/2022/QĐ-TTg)';
  if (share >= 50)
    return { ...base, flagged: true, rule: 'R2_half_unmet', reason: `${counted} ≥ 50%: ${revoke}${rest}` };
  if (share >= 30 && keyUnmet.length > 0)
    return {
      ...base,
      flagged: true,
      rule: 'R1_key_criterion',
      reason: en
        ? `${counted}, including the key criteria ${list(keyUnmet)}: ${revoke}${rest}`
        : `${counted}, trong đó có tiêu chí then chốt ${list(keyUnmet)}: ${revoke}${rest}`,
    };
  const unconfigured =
    share >= 30 && !keyCriteria
      ? en
        ? '; the framework has no key criteria (revocation.key_criteria), so the 30–50% case cannot be checked'
        : '; bộ tiêu chí chưa cấu hình tiêu chí then chốt (revocation.key_criteria) nên chưa xét được trường hợp 30–50%'
      : '';
  const notIn = en ? 'not in the revocation conditions' : 'chưa thuộc trường hợp thu hồi';
  return { ...base, flagged: false, rule: null, reason: `${counted}: ${notIn}${unconfigured}${rest}` };
}

/** The verdict as it leaves the server (snake_case). */
function presentVerdict(v: RevocationVerdict) {
  return {
    flagged: v.flagged,
    rule: v.rule,
    total: v.total,
    unmet: v.unmet,
    undetermined: v.undetermined,
    share: v.share,
    key_criteria: v.keyCriteria,
    key_unmet: v.keyUnmet,
    reason: v.reason,
  };
}

export interface RevocationFlag {
  unit: { code: string; name: string | null };
  dossier_id: number;
  round: string;
  decision: { no: string | null; date: string | null };
  verdict: ReturnType<typeof presentVerdict> | null;
  flagged: boolean;
  reason: string;
}

/**
 * Every unit recognised under the framework (in a round up to `period`), optionally only
 * `unitCode`, or only the units inside `within`'s subtree (on the period's tree date, or as they
 * last sat, like access grants), checked against the revocation conditions with its stored
 * results for `period`. With `actor`, only the units whose dossiers it may read.
 */
export async function revocationFlags(
  db: Db,
  opts: {
    frameworkId: string;
    period: string;
    unitCode?: string;
    within?: string;
    actor: Actor;
    lang?: Lang;
  },
): Promise<{
  framework: { id: string; version: number };
  period: string;
  key_criteria: string[] | null;
  units: RevocationFlag[];
}> {
  const lang = opts.lang ?? 'vi';
  const fw = await requireFrameworkForPeriod(db, opts.frameworkId, opts.period);
  const keyCriteria = fw.def.revocation?.key_criteria ?? null;
  const recognised = (
    await db.query<{
      id: number;
      unit_code: string;
      round: string;
      decision_no: string | null;
      decision_date: string | null;
    }>(
      `SELECT id, unit_code, round, decision_no, decision_date::text AS decision_date FROM dossiers
       WHERE framework_id = $1 AND state = 'recognised' AND ($2::text IS NULL OR unit_code = $2) ORDER BY unit_code, round`,
      [fw.meta.id, opts.unitCode ?? null],
    )
  ).filter((d) => (parsePeriod(d.round)?.start ?? '9999') <= fw.period.start);
  // `within`: the subtree of that unit on the period's last day (or as each unit last sat).
  const covering = opts.within
    ? await coveringCodes(
        db,
        recognised.map((d) => d.unit_code),
        fw.period.end,
      )
    : null;
  const dossiers = [];
  for (const d of recognised) {
    if (covering && opts.within && !covering.get(d.unit_code)?.has(opts.within)) continue;
    if (await can(db, opts.actor, 'dossier.read', { unitCode: d.unit_code, frameworkId: fw.meta.id }))
      dossiers.push(d);
  }
  const out = {
    framework: { id: fw.meta.id, version: fw.meta.version },
    period: fw.period.code,
    key_criteria: keyCriteria,
  };
  if (dossiers.length === 0) return { ...out, units: [] };
  const treeDate = await ensureFreshRun(db, fw, fw.period);
  const codes = dossiers.map((d) => d.unit_code);
  const results = new Map(
    (
      await db.query<{ unit_code: string; criteria_codes: string; applicable: boolean }>(
        `SELECT unit_code, criteria_codes, applicable FROM evaluation_results
         WHERE framework_id = $1 AND version = $2 AND period = $3 AND unit_code = ANY($4)`,
        [fw.meta.id, fw.meta.version, fw.period.code, codes],
      )
    ).map((r) => [r.unit_code, r]),
  );
  const names = new Map(
    (
      await db.query<{ code: string; name: string }>(
        'SELECT code, name FROM units WHERE code = ANY($1) AND valid_from <= $2 AND valid_to >= $2',
        [codes, treeDate],
      )
    ).map((u) => [u.code, u.name]),
  );
  const childRevocations = await childRevocationShares(
    db,
    codes,
    fw.def.revocation?.children_revoked ?? null,
    treeDate,
    lang,
  );
  const units = dossiers.map((d): RevocationFlag => {
    const r = results.get(d.unit_code);
    const base = {
      unit: { code: d.unit_code, name: names.get(d.unit_code) ?? null },
      dossier_id: d.id,
      round: d.round,
      decision: { no: d.decision_no, date: d.decision_date },
    };
    if (!r?.applicable || !r.criteria_codes)
      return {
        ...base,
        verdict: null,
        flagged: false,
        reason: render(
          text(
            `Không có kết quả đánh giá của đơn vị trong kỳ ${fw.period.code}`,
            `no evaluation of the unit for ${fw.period.code}`,
          ),
          lang,
        ),
      };
    const criteria = fw.compiled.criteria.map((c, i) => ({
      no: c.no,
      name: c.name,
      status: letterStatus(r.criteria_codes[i] ?? 'A'),
    }));
    const verdict = revocationVerdict(criteria, keyCriteria, lang);
    const children = childRevocations.get(d.unit_code);
    if (!verdict.flagged && children?.flagged)
      return {
        ...base,
        verdict: presentVerdict({
          ...verdict,
          flagged: true,
          rule: 'R3_children_revoked',
          reason: children.reason,
        }),
        flagged: true,
        reason: children.reason,
      };
    return { ...base, verdict: presentVerdict(verdict), flagged: verdict.flagged, reason: verdict.reason };
  });
  return { ...out, units };
}

/**
 * QĐ 18/2022, third district condition: the share of each unit's direct children (on the tree
 * date) whose recognition under one of `rule.frameworks` was revoked.
 */
async function childRevocationShares(
  db: Db,
  codes: string[],
  rule: { frameworks: string[]; share_pct: number } | null,
  treeDate: string,
  lang: Lang,
): Promise<Map<string, { flagged: boolean; reason: string }>> {
  const out = new Map<string, { flagged: boolean; reason: string }>();
  if (!rule || codes.length === 0) return out;
  const rows = await db.query<{ parent_code: string; total: number; revoked: number }>(
    `SELECT u.parent_code, count(*)::int AS total,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM dossiers d WHERE d.unit_code = u.code
              AND d.framework_id = ANY($3) AND d.state = 'revoked'))::int AS revoked
       FROM units u WHERE u.parent_code = ANY($1) AND u.valid_from <= $2 AND u.valid_to >= $2
      GROUP BY u.parent_code`,
    [codes, treeDate, rule.frameworks],
  );
  for (const r of rows) {
    const share = (100 * r.revoked) / r.total;
    const flagged = share >= rule.share_pct;
    out.set(r.parent_code, {
      flagged,
      reason:
        lang === 'en'
          ? `${r.revoked}/${r.total} units below had their recognition revoked (${pctEn.format(share)}%)${flagged ? ` ≥ ${pctEn.format(rule.share_pct)}%: in the conditions for revocation (QĐ 18/2022/QĐ-TTg)` : ''}`
          : `${r.revoked}/${r.total} đơn vị trực thuộc đã bị thu hồi quyết định công nhận (${pct.format(share)}%)${flagged ? ` ≥ ${pct.format(rule.share_pct)}%: thuộc trường hợp thu hồi (QĐ 18/2022/QĐ-TTg)` : ''}`,
    });
  }
  return out;
}
