import { type FormEvent, useId, useState } from 'react';
import { type ApiError, postJson } from '../../api/client.ts';
import type { MessageKey } from '../../i18n/dict.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { submitItem } from '../../offline/outbox.ts';
import { useSession } from '../../session/session.tsx';
import { ErrorBox, Notice } from '../../ui/Feedback.tsx';
import { StatusBadge } from '../../ui/Status.tsx';
import { EvidenceFiles, EvidenceUpload } from './Evidence.tsx';
import { useDossierWrite } from './mutations.ts';
import type { DossierDetail, DossierItem, EvidenceLink, Ruling } from './types.ts';

type Claim = '' | 'met' | 'not_met';
interface Draft {
  claim: Claim;
  explanation: string;
}

export const verdictKey = (v: Ruling['verdict']) => `verdict_${v}` as MessageKey;
const verdictSymbol = { pass: '✓', fail: '✗', conditional: '◐' } as const;

function engineValue(item: DossierItem, t: (k: MessageKey) => string, num: (n: number) => string): string {
  const v = item.engine?.value;
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? t('yes') : t('no');
  const unit = item.engine?.unit;
  const shown = typeof v === 'number' ? num(v) : String(v);
  return unit === '%' ? `${shown}%` : `${shown}${unit ? ` ${unit}` : ''}`;
}

/**
 * The self-assessment table: per criterion and indicator, the engine's status and figure, the
 * commune's own view with its explanation, the evidence (upload, reuse, preview) and the
 * appraisal ruling (a reviewer rules here on the criteria assigned to it).
 */
export function ItemsSection({
  detail,
  onChange,
}: {
  detail: DossierDetail;
  onChange(next?: DossierDetail): void;
}) {
  const { t } = useI18n();
  const canAssess = detail.steps.self_assess;
  const canUpload = detail.steps.change_evidence;
  const all = [...detail.criteria.flatMap((c) => c.indicators), ...detail.conditions];
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() =>
    Object.fromEntries(
      all.map((i) => [
        i.code,
        { claim: i.self_assessment?.claim ?? '', explanation: i.self_assessment?.explanation ?? '' },
      ]),
    ),
  );
  const [saved, setSaved] = useState(false);
  const reusable: EvidenceLink[] = [...all.flatMap((i) => i.evidence), ...detail.documents];
  const save = useDossierWrite(
    () => {
      const items = Object.entries(drafts)
        .filter(([, d]) => d.claim !== '')
        .map(([code, d]) => ({
          indicator_code: code,
          claim: d.claim,
          ...(d.explanation.trim() ? { explanation: d.explanation.trim() } : {}),
        }));
      return postJson<DossierDetail>(`/dossiers/${detail.dossier.id}/self-assessment`, { items });
    },
    () => setSaved(true),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    save.mutate();
  };
  const limited = detail.visible_criteria !== 'all';
  const rows = (items: DossierItem[], criterion: string | null) =>
    items.map((item) => (
      <ItemRow
        key={item.code}
        item={item}
        detail={detail}
        draft={drafts[item.code] ?? { claim: '', explanation: '' }}
        setDraft={canAssess ? (d) => setDrafts((all) => ({ ...all, [item.code]: d })) : undefined}
        canUpload={canUpload}
        canRule={criterion !== null && detail.rule_criteria.includes(criterion)}
        reusable={reusable}
        onChange={onChange}
      />
    ));
  return (
    <section className="card" aria-labelledby="items-title">
      <h2 id="items-title">{t('selfAssessmentTitle')}</h2>
      {limited && (
        <Notice>{t('onlyYourCriteria', { list: (detail.visible_criteria as string[]).join(', ') })}</Notice>
      )}
      {!canAssess && detail.dossier.locked && <p className="muted">{t('lockedExplain')}</p>}
      {detail.criteria.map((c) => (
        <div key={c.no} className="criterion-block" data-criterion={c.no}>
          <h3 className="criterion-title">
            {t('criterionNo', { no: c.no })}: {c.name} {c.status && <StatusBadge status={c.status} compact />}
          </h3>
          {rows(c.indicators, c.no)}
        </div>
      ))}
      {detail.conditions.length > 0 && (
        <div className="criterion-block">
          <h3 className="criterion-title">{t('conditions')}</h3>
          {rows(detail.conditions, null)}
        </div>
      )}
      {canAssess && (
        <form onSubmit={submit} className="actions" data-step="self_assess">
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {save.isPending ? t('saving') : t('saveSelfAssessment')}
          </button>
          {saved && <span role="status">{t('savedSelfAssessment')}</span>}
        </form>
      )}
      {save.error && <ErrorBox error={save.error} />}
    </section>
  );
}

function ItemRow({
  item,
  detail,
  draft,
  setDraft,
  canUpload,
  canRule,
  reusable,
  onChange,
}: {
  item: DossierItem;
  detail: DossierDetail;
  draft: Draft;
  setDraft?: (d: Draft) => void;
  canUpload: boolean;
  canRule: boolean;
  reusable: EvidenceLink[];
  onChange(next?: DossierDetail): void;
}) {
  const { t, num } = useI18n();
  const id = useId();
  const dossierId = detail.dossier.id;
  const needsExplanation = draft.claim === 'met' && item.evidence.length === 0;
  return (
    <article className="dossier-item" aria-labelledby={`${id}-t`} data-indicator={item.code}>
      <h4 id={`${id}-t`} className="item-title">
        {item.code} {item.name}
      </h4>
      <div className="item-grid">
        <div>
          <p className="item-label">{t('engineStatus')}</p>
          {item.engine ? <StatusBadge status={item.engine.status} /> : <span>—</span>}
          <p className="small">
            {t('figure')}: <strong>{engineValue(item, t, num)}</strong>
            {item.engine?.threshold && (
              <>
                {' · '}
                {t('threshold')}: {item.engine.threshold}
              </>
            )}
          </p>
        </div>
        <div>
          <p className="item-label">{t('communeView')}</p>
          {setDraft ? (
            <>
              <label className="sr-only" htmlFor={`${id}-c`}>
                {t('communeViewOf', { code: item.code })}
              </label>
              <select
                id={`${id}-c`}
                value={draft.claim}
                onChange={(e) => setDraft({ ...draft, claim: e.target.value as Claim })}
              >
                <option value="">—</option>
                <option value="met">{t('claim_met')}</option>
                <option value="not_met">{t('claim_not_met')}</option>
              </select>
              <label className="field" htmlFor={`${id}-e`}>
                <span className="field-label small">{t('explanation')}</span>
                <textarea
                  id={`${id}-e`}
                  rows={2}
                  value={draft.explanation}
                  aria-describedby={needsExplanation ? `${id}-w` : undefined}
                  onChange={(e) => setDraft({ ...draft, explanation: e.target.value })}
                />
              </label>
              {needsExplanation && (
                <p className="field-help" id={`${id}-w`}>
                  {t('explanationNeeded')}
                </p>
              )}
            </>
          ) : item.self_assessment ? (
            <>
              <p>
                <strong>{t(`claim_${item.self_assessment.claim}` as MessageKey)}</strong>
              </p>
              {item.self_assessment.explanation && (
                <p className="small">{item.self_assessment.explanation}</p>
              )}
            </>
          ) : (
            <p className="muted">{t('notAssessed')}</p>
          )}
        </div>
        <div>
          <p className="item-label">{t('evidence')}</p>
          <EvidenceFiles dossierId={dossierId} links={item.evidence} canUnlink={canUpload} />
          {canUpload && (
            <EvidenceUpload
              dossierId={dossierId}
              indicator={item.code}
              reusable={reusable.filter((r) => !item.evidence.some((e) => e.sha256 === r.sha256))}
              label={t('uploadFor', { code: item.code })}
            />
          )}
        </div>
        <div>
          <p className="item-label">{t('appraisal')}</p>
          {item.ruling ? <RulingView ruling={item.ruling} /> : <p className="muted">{t('notRuled')}</p>}
          {canRule && <RulingForm dossierId={dossierId} item={item} onChange={onChange} />}
        </div>
      </div>
    </article>
  );
}

export function RulingView({ ruling }: { ruling: Ruling }) {
  const { t } = useI18n();
  return (
    <div className={`ruling ruling-${ruling.verdict}`}>
      <p>
        <span aria-hidden="true">{verdictSymbol[ruling.verdict]}</span>{' '}
        <strong>{t(verdictKey(ruling.verdict))}</strong>{' '}
        <span className="muted small">{t('appraisalRoundNo', { round: ruling.round })}</span>
      </p>
      {ruling.public_comment && (
        <p className="small">
          {t('publicComment')}: {ruling.public_comment}
        </p>
      )}
      {ruling.internal_note && (
        <p className="small internal-note">
          {t('internalNote')}: {ruling.internal_note}
        </p>
      )}
    </div>
  );
}

/**
 * A reviewer's ruling on one indicator. Without a connection (an on-site visit) it is kept on the
 * device and sent into the dossier's rulings later (web/src/offline).
 */
export function RulingForm({
  dossierId,
  item,
  onChange,
}: {
  dossierId: number;
  item: DossierItem;
  onChange(next?: DossierDetail): void;
}) {
  const { t } = useI18n();
  const { session } = useSession();
  const id = useId();
  const [verdict, setVerdict] = useState<Ruling['verdict']>('pass');
  const [comment, setComment] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [queued, setQueued] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await submitItem(
        {
          kind: 'ruling',
          dossierId,
          indicatorCode: item.code,
          verdict,
          publicComment: comment,
          internalNote: note,
        },
        session?.user?.username ?? '-',
      );
      setComment('');
      setNote('');
      setQueued(result !== 'saved');
      if (result === 'saved') onChange();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="ruling-form"
      onSubmit={submit}
      aria-label={t('ruleOn', { code: item.code })}
      data-step="rule"
    >
      <fieldset>
        <legend className="field-label small">{t('verdict')}</legend>
        {(['pass', 'conditional', 'fail'] as const).map((v) => (
          <label key={v} className="radio">
            <input
              type="radio"
              name={`${id}-v`}
              value={v}
              checked={verdict === v}
              onChange={() => setVerdict(v)}
            />{' '}
            {t(verdictKey(v))}
          </label>
        ))}
      </fieldset>
      <label className="field" htmlFor={`${id}-p`}>
        <span className="field-label small">{t('publicCommentLabel')}</span>
        <textarea id={`${id}-p`} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      <label className="field" htmlFor={`${id}-n`}>
        <span className="field-label small">{t('internalNoteLabel')}</span>
        <textarea id={`${id}-n`} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit" className="btn btn-small btn-primary" disabled={busy}>
        {t('saveRuling')}
      </button>
      {queued && <Notice kind="success">{t('fieldVisitRulingQueued', { code: item.code })}</Notice>}
      {error && <ErrorBox error={error} />}
    </form>
  );
}
