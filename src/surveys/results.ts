/**
 * Live results of a campaign: coverage (households answered / households in the frame) per
 * village and overall, satisfaction per question, comments, and the quality signals an honest
 * office wants to see. The signal thresholds below are review prompts chosen for this system,
 * not legal rules; required coverage and pass rates come from the campaign (null = not set).
 */
import { type Actor, requireAbility } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { type Lang, render, type Text, text } from '../text.ts';
import { type Campaign, loadCampaign } from './campaigns.ts';
import { type OverallRate, overallRate } from './sync.ts';

/** A village whose answers are all identical, once it has at least this many answers. */
export const UNIFORM_MIN_ANSWERS = 5;
/** Answers bunched: at least BUNCH_SHARE of a village's answers (and BUNCH_MIN_ANSWERS) within BUNCH_MINUTES. */
export const BUNCH_MINUTES = 10;
export const BUNCH_SHARE = 0.8;
export const BUNCH_MIN_ANSWERS = 5;

const pct = (a: number, b: number) => (b > 0 ? Math.round((10000 * a) / b) / 100 : null);

export interface QuestionResult {
  id: number;
  kind: 'overall' | 'criterion';
  criterionNo: string | null;
  text: string;
  satisfied: number;
  notSatisfied: number;
  noOpinion: number;
  /** satisfied / answers to this question, in % (no opinion counts in the denominator). */
  rate: number | null;
}

export interface VillageResult {
  id: number;
  name: string;
  households: number;
  answered: number;
  paper: number;
  coverage: number | null;
  overallRate: number | null;
}

/** A quality signal; its message as Text while computed, one language in results. */
export type Signal<M = Text> =
  | { kind: 'uniform'; village: string; answers: number; message: M }
  | { kind: 'bunched'; village: string; answers: number; within: number; from: string; message: M }
  | {
      kind: 'low_coverage';
      village: string | null;
      coverage: number | null;
      required: number;
      message: M;
    }
  | { kind: 'requirement_unset'; message: M };

export interface SurveyResults {
  campaign: Omit<Campaign, 'questions' | 'villages'>;
  overall: OverallRate & { coverage: number | null; paper: number; web: number };
  questions: QuestionResult[];
  villages: VillageResult[];
  comments: Array<{ village: string; question: string; comment: string; at: string }>;
  signals: Signal<string>[];
  /** Whether the overall rate reaches the campaign's required pass rate (null: not set or no answers). */
  passes: boolean | null;
}

/** Computes the results (no permission check: callers check survey.read or publication). */
export async function computeResults(db: Db, campaignId: number, lang: Lang = 'vi'): Promise<SurveyResults> {
  const c = await loadCampaign(db, campaignId);
  const counts = await db.query<{ question_id: number; choice: string; n: number }>(
    `SELECT i.question_id, i.choice, count(*)::int AS n FROM survey_answer_items i
     JOIN survey_questions q ON q.id = i.question_id WHERE q.campaign_id = $1 GROUP BY 1, 2`,
    [c.id],
  );
  const questions: QuestionResult[] = c.questions.map((q) => {
    const of = (ch: string) => counts.find((r) => r.question_id === q.id && r.choice === ch)?.n ?? 0;
    const satisfied = of('satisfied');
    const notSatisfied = of('not_satisfied');
    const noOpinion = of('no_opinion');
    return {
      id: q.id,
      kind: q.kind,
      criterionNo: q.criterionNo,
      text: q.text,
      satisfied,
      notSatisfied,
      noOpinion,
      rate: pct(satisfied, satisfied + notSatisfied + noOpinion),
    };
  });
  const overallQ = c.questions.find((q) => q.kind === 'overall');
  const answers = await db.query<{
    village_id: number;
    channel: string;
    at: string;
    vector: string;
    overall: string | null;
  }>(
    `SELECT h.village_id, a.channel, a.answered_at::text AS at,
       string_agg(i.choice, ',' ORDER BY i.question_id) AS vector,
       max(CASE WHEN i.question_id = $2 THEN i.choice END) AS overall
     FROM survey_answers a JOIN survey_households h ON h.id = a.household_id
     JOIN survey_answer_items i ON i.household_id = a.household_id
     WHERE a.campaign_id = $1 GROUP BY h.village_id, a.household_id, a.channel, a.answered_at`,
    [c.id, overallQ?.id ?? -1],
  );
  const villages: VillageResult[] = c.villages.map((v) => {
    const mine = answers.filter((a) => a.village_id === v.id);
    return {
      id: v.id,
      name: v.name,
      households: v.households,
      answered: mine.length,
      paper: mine.filter((a) => a.channel === 'paper').length,
      coverage: pct(mine.length, v.households),
      overallRate: pct(mine.filter((a) => a.overall === 'satisfied').length, mine.length),
    };
  });
  const o = await overallRate(db, c.id);
  const paper = answers.filter((a) => a.channel === 'paper').length;
  const overall = { ...o, coverage: pct(o.answered, o.households), paper, web: o.answered - paper };
  const comments = await db.query<{ village: string; question: string; comment: string; at: string }>(
    `SELECT v.name AS village, q.text AS question, i.comment, a.answered_at::text AS at
     FROM survey_answer_items i JOIN survey_questions q ON q.id = i.question_id
     JOIN survey_answers a ON a.household_id = i.household_id
     JOIN survey_households h ON h.id = i.household_id JOIN survey_villages v ON v.id = h.village_id
     WHERE q.campaign_id = $1 AND i.comment IS NOT NULL ORDER BY a.answered_at DESC, q.position LIMIT 500`,
    [c.id],
  );
  const signals = qualitySignals(c, villages, overall.coverage, answers).map(
    (sig): Signal<string> => ({ ...sig, message: render(sig.message, lang) }),
  );
  const passes = c.requiredPassPct === null || o.rate === null ? null : o.rate >= c.requiredPassPct;
  const { questions: _q, villages: _v, ...campaign } = c;
  return { campaign, overall, questions, villages, comments, signals, passes };
}

/** Uniform villages, bunched answers, coverage below the required share (or the share not set). */
export function qualitySignals(
  c: Pick<Campaign, 'requiredCoveragePct' | 'requiredPassPct'>,
  villages: Array<Pick<VillageResult, 'id' | 'name' | 'coverage'>>,
  overallCoverage: number | null,
  answers: Array<{ village_id: number; at: string; vector: string }>,
): Signal[] {
  const out: Signal[] = [];
  for (const v of villages) {
    const mine = answers.filter((a) => a.village_id === v.id);
    if (mine.length >= UNIFORM_MIN_ANSWERS && new Set(mine.map((a) => a.vector)).size === 1)
      out.push({
        kind: 'uniform',
        village: v.name,
        answers: mine.length,
        message: text(
          `${v.name}: cả ${mine.length} phiếu trả lời giống hệt nhau ở mọi câu`,
          `all ${mine.length} answers identical`,
        ),
      });
    if (mine.length >= BUNCH_MIN_ANSWERS) {
      // PostgreSQL prints "2026-12-01 08:00:00.12+00": JavaScript needs the offset as "+00:00".
      const times = mine
        .map((a) => Date.parse(a.at.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00')))
        .sort((a, b) => a - b);
      let best = { n: 0, from: times[0]! };
      for (let i = 0, j = 0; i < times.length; i++) {
        while (times[i]! - times[j]! > BUNCH_MINUTES * 60_000) j++;
        if (i - j + 1 > best.n) best = { n: i - j + 1, from: times[j]! };
      }
      if (best.n >= BUNCH_MIN_ANSWERS && best.n >= BUNCH_SHARE * mine.length)
        out.push({
          kind: 'bunched',
          village: v.name,
          answers: mine.length,
          within: best.n,
          from: new Date(best.from).toISOString(),
          message: text(
            `${v.name}: ${best.n}/${mine.length} phiếu được gửi trong vòng ${BUNCH_MINUTES} phút`,
            `${best.n} of ${mine.length} answers within ${BUNCH_MINUTES} minutes`,
          ),
        });
    }
  }
  const req = c.requiredCoveragePct;
  if (req === null)
    out.push({
      kind: 'requirement_unset',
      message: text(
        'Tỷ lệ hộ được hỏi tối thiểu và tỷ lệ hài lòng yêu cầu: chưa quy định (cán bộ nhập theo hướng dẫn của MTTQ)',
        'required coverage not set',
      ),
    });
  else {
    if (overallCoverage === null || overallCoverage < req)
      out.push({
        kind: 'low_coverage',
        village: null,
        coverage: overallCoverage,
        required: req,
        message: text(
          `Toàn đơn vị: đã hỏi ${overallCoverage ?? 0}% số hộ, yêu cầu ${req}%`,
          `coverage below the required share`,
        ),
      });
    for (const v of villages)
      if (v.coverage !== null && v.coverage < req)
        out.push({
          kind: 'low_coverage',
          village: v.name,
          coverage: v.coverage,
          required: req,
          message: text(
            `${v.name}: đã hỏi ${v.coverage}% số hộ, dưới mức ${req}%`,
            `below the required share`,
          ),
        });
  }
  return out;
}

/** Results for the office (survey.read on the campaign's unit); signals in `lang` (Vietnamese by default). */
export async function readResults(
  db: Db,
  opts: { actor: Actor; campaignId: number; lang?: Lang },
): Promise<SurveyResults> {
  const c = await loadCampaign(db, opts.campaignId);
  await requireAbility(db, opts.actor, 'survey.read', { unitCode: c.unitCode });
  return computeResults(db, opts.campaignId, opts.lang ?? 'vi');
}

/**
 * Published results of a unit's campaigns (those the office marked public): coverage and rates only,
 * never codes or households; comments only when the campaign marks them public.
 */
export async function readPublicResults(db: Db, opts: { unitCode: string }) {
  const { unitCode } = opts;
  const rows = await db.query<{ id: number }>(
    `SELECT id FROM survey_campaigns WHERE unit_code = $1 AND results_public ORDER BY closes_at DESC`,
    [unitCode],
  );
  const out = [];
  for (const { id } of rows) {
    const r = await computeResults(db, id);
    out.push({
      id,
      title: r.campaign.title,
      unit_code: r.campaign.unitCode,
      opens_at: r.campaign.opensAt,
      closes_at: r.campaign.closesAt,
      phase: r.campaign.phase,
      households: r.overall.households,
      answered: r.overall.answered,
      coverage: r.overall.coverage,
      rate: r.overall.rate,
      questions: r.questions.map((q) => ({
        kind: q.kind,
        criterion_no: q.criterionNo,
        text: q.text,
        rate: q.rate,
      })),
      villages: r.villages.map((v) => ({
        name: v.name,
        households: v.households,
        answered: v.answered,
        coverage: v.coverage,
        rate: v.overallRate,
      })),
      comments: r.campaign.commentsPublic
        ? r.comments.map((m) => ({ question: m.question, comment: m.comment }))
        : [],
    });
  }
  return out;
}
