/** What leaves the server of a campaign and its results: the fields, in snake_case. */
import type { Campaign } from './campaigns.ts';
import type { SurveyResults } from './results.ts';
import type { SyncResult } from './sync.ts';

type Head = Pick<
  Campaign,
  'id' | 'unitCode' | 'dossierId' | 'title' | 'opensAt' | 'closesAt' | 'phase' | 'households' | 'answers'
>;

export function presentCampaignHead(c: Head) {
  return {
    id: c.id,
    unit_code: c.unitCode,
    dossier_id: c.dossierId,
    title: c.title,
    opens_at: c.opensAt,
    closes_at: c.closesAt,
    phase: c.phase,
    households: c.households,
    answers: c.answers,
  };
}

function presentSettings(c: Omit<Campaign, 'questions' | 'villages'>) {
  return {
    required_coverage_pct: c.requiredCoveragePct,
    required_pass_pct: c.requiredPassPct,
    results_public: c.resultsPublic,
    comments_public: c.commentsPublic,
    created_by: c.createdBy,
    created_at: c.createdAt,
  };
}

export function presentCampaign<A, D>(c: Campaign & { abilities: A; dossier: D }) {
  return {
    ...presentCampaignHead(c),
    ...presentSettings(c),
    villages: c.villages,
    questions: c.questions.map((q) => ({
      id: q.id,
      position: q.position,
      kind: q.kind,
      criterion_no: q.criterionNo,
      text: q.text,
    })),
    dossier: c.dossier,
    abilities: c.abilities,
  };
}

export function presentResults(r: SurveyResults) {
  return {
    campaign: { ...presentCampaignHead(r.campaign), ...presentSettings(r.campaign) },
    overall: r.overall,
    questions: r.questions.map((q) => ({
      id: q.id,
      kind: q.kind,
      criterion_no: q.criterionNo,
      text: q.text,
      satisfied: q.satisfied,
      not_satisfied: q.notSatisfied,
      no_opinion: q.noOpinion,
      rate: q.rate,
    })),
    villages: r.villages.map((v) => ({
      id: v.id,
      name: v.name,
      households: v.households,
      answered: v.answered,
      paper: v.paper,
      coverage: v.coverage,
      overall_rate: v.overallRate,
    })),
    comments: r.comments,
    signals: r.signals.map((s) => ({
      kind: s.kind,
      village: 'village' in s ? s.village : null,
      answers: 'answers' in s ? s.answers : null,
      within: 'within' in s ? s.within : null,
      from: 'from' in s ? s.from : null,
      coverage: 'coverage' in s ? s.coverage : null,
      required: 'required' in s ? s.required : null,
      message: s.message,
    })),
    passes: r.passes,
  };
}

export function presentSync(r: SyncResult, message: string | null) {
  return {
    state: r.state,
    dossier_id: 'dossierId' in r ? r.dossierId : null,
    rate: 'rate' in r ? r.rate : null,
    measures: 'measures' in r ? r.measures : [],
    message,
  };
}
