import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { type ApiError, getJson, sendJson } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import type { MessageKey } from '../../i18n/dict.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { FieldPhoto } from '../../offline/FieldPhoto.tsx';
import { FieldPlace } from '../../offline/FieldPlace.tsx';
import { submitItem } from '../../offline/outbox.ts';
import { Link } from '../../router.tsx';
import { useSession } from '../../session/session.tsx';
import { ErrorBox, Notice } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { type DossierDetail, type DossierItem, dossierHref, type EvidenceLink } from '../dossiers/types.ts';
import '../../offline/offline.css';

type Verdict = 'pass' | 'conditional' | 'fail';
interface EvidenceAnswer {
  evidence: EvidenceLink[];
  visit: { from: string; to: string } | null;
}

/** The delegation's visit days: shown to all, set by the coordination office (online). */
function VisitDates({ id, visit, canSet }: { id: number; visit: EvidenceAnswer['visit']; canSet: boolean }) {
  const { t } = useI18n();
  const fid = useId();
  const [from, setFrom] = useState(visit?.from ?? '');
  const [to, setTo] = useState(visit?.to ?? '');
  const save = useMutation({
    mutationFn: () => sendJson('PUT', '/evidence/visit', { dossier_id: id, from, to }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['/evidence'] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <section aria-labelledby={`${fid}-h`}>
      <h2 id={`${fid}-h`}>{t('fieldVisitDates')}</h2>
      <p>{visit ? `${formatDate(visit.from)} – ${formatDate(visit.to)}` : t('fieldVisitNone')}</p>
      {canSet && (
        <form className="visit-dates" onSubmit={submit}>
          <TextField id={`${fid}-f`} label={t('fieldVisitFrom')} type="date" value={from} onValue={setFrom} />
          <TextField id={`${fid}-t`} label={t('fieldVisitTo')} type="date" value={to} onValue={setTo} />
          <button type="submit" className="btn btn-small" disabled={save.isPending || !from || !to}>
            {t('fieldVisitSave')}
          </button>
          {save.error && <ErrorBox error={save.error as ApiError} title={t('actionFailed')} />}
        </form>
      )}
    </section>
  );
}

/** A ruling written on site: sent into the dossier's rulings now, or kept until online. */
function VisitRuling({ dossierId, item }: { dossierId: number; item: DossierItem }) {
  const { t } = useI18n();
  const { session } = useSession();
  const id = useId();
  const [verdict, setVerdict] = useState<Verdict>(item.ruling?.verdict ?? 'pass');
  const [comment, setComment] = useState('');
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await submitItem(
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
      setDone(t(r === 'saved' ? 'fieldVisitRulingSaved' : 'fieldVisitRulingQueued', { code: item.code }));
      if (r === 'saved') await queryClient.invalidateQueries({ queryKey: [`/dossiers/${dossierId}`] });
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <form className="ruling-form" onSubmit={submit} aria-label={t('ruleOn', { code: item.code })}>
      <fieldset>
        <legend className="field-label small">{t('fieldVisitVerdict')}</legend>
        {(['pass', 'conditional', 'fail'] as const).map((v) => (
          <label key={v} className="radio">
            <input
              type="radio"
              name={`${id}-v`}
              value={v}
              checked={verdict === v}
              onChange={() => setVerdict(v)}
            />{' '}
            {t(`verdict_${v}` as MessageKey)}
          </label>
        ))}
      </fieldset>
      <label className="field" htmlFor={`${id}-p`}>
        <span className="field-label small">{t('fieldVisitPublic')}</span>
        <textarea id={`${id}-p`} rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      <label className="field" htmlFor={`${id}-n`}>
        <span className="field-label small">{t('fieldVisitInternal')}</span>
        <textarea id={`${id}-n`} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit" className="btn btn-small btn-primary">
        {t('fieldVisitSaveRuling')}
      </button>
      {done && <Notice kind="success">{done}</Notice>}
      {error && <ErrorBox error={error} title={t('actionFailed')} />}
    </form>
  );
}

function VisitItem({
  dossierId,
  item,
  photos,
  canRule,
}: {
  dossierId: number;
  item: DossierItem;
  photos: EvidenceLink[];
  canRule: boolean;
}) {
  const { t } = useI18n();
  return (
    <article className="visit-item">
      <h3>
        <span className="ind-code">{item.code}</span> {item.name}
      </h3>
      {item.engine?.threshold && <p className="small">{item.engine.threshold}</p>}
      {item.self_assessment && (
        <p className="small">
          {t('fieldVisitSelfClaim', { claim: t(`claim_${item.self_assessment.claim}` as MessageKey) })}
        </p>
      )}
      {item.ruling && (
        <p className="small">
          {t('fieldVisitCurrentRuling', { verdict: t(`verdict_${item.ruling.verdict}` as MessageKey) })}
        </p>
      )}
      <p className="item-label">{t('fieldVisitPhotos')}</p>
      {photos.length === 0 ? (
        <p className="muted small">{t('fieldVisitNoPhotos')}</p>
      ) : (
        <ul className="evidence-list">
          {photos.map((p) => (
            <li key={p.link_id}>
              {p.file_name} {p.field && <FieldPlace field={p.field} />}
            </li>
          ))}
        </ul>
      )}
      {canRule && (
        <>
          <FieldPhoto
            dossierId={dossierId}
            indicator={item.code}
            onSaved={() => void queryClient.invalidateQueries({ queryKey: ['/evidence'] })}
          />
          <VisitRuling dossierId={dossierId} item={item} />
        </>
      )}
    </article>
  );
}

/**
 * /ho-so/{id}/tham-tra-thuc-te: the appraisal delegation's on-site view — the criteria the reader
 * reviews (the department's checklist), photos with place and time and notes per indicator, and
 * rulings that go into the dossier through the same use case as the dossier page. Usable offline:
 * the page's reads come from the service worker's copy, writes wait in the offline queue.
 */
export function VisitPage({ id }: { id: number }) {
  const { t, lang } = useI18n();
  const dossier = useQuery({
    queryKey: [`/dossiers/${id}`, { lang }],
    queryFn: ({ signal }) => getJson<DossierDetail>(`/dossiers/${id}`, {}, signal),
  });
  const evidence = useQuery({
    queryKey: ['/evidence', { dossier: id }],
    queryFn: ({ signal }) => getJson<EvidenceAnswer>('/evidence', { dossier: id }, signal),
  });
  if (dossier.error)
    return <ErrorBox error={dossier.error as ApiError} onRetry={() => void dossier.refetch()} />;
  if (!dossier.data) return <p className="muted">{t('loading')}</p>;
  const d = dossier.data;
  const ruleOn = new Set(d.rule_criteria);
  const photosOf = (code: string) =>
    (evidence.data?.evidence ?? []).filter((l) => l.indicator_code === code && l.field);
  return (
    <div className="card">
      <p>
        <Link to={dossierHref(id)}>
          ← {t('dossiersTitle')} #{id}
        </Link>
      </p>
      <h1 className="page-title">{t('fieldVisitTitle', { id })}</h1>
      <p>
        {d.dossier.unit?.name ?? d.dossier.unit_code} — {d.framework.name}
      </p>
      <p className="muted small">{t('fieldVisitIntro')}</p>
      {evidence.data && (
        <VisitDates
          key={JSON.stringify(evidence.data.visit)}
          id={id}
          visit={evidence.data.visit}
          canSet={d.abilities['dossier.consolidate'] === true}
        />
      )}
      <h2>{t('fieldVisitChecklist')}</h2>
      {d.criteria
        .filter((c) => c.indicators.length > 0)
        .map((c) => (
          <section key={c.no} aria-label={`${c.no}. ${c.name}`}>
            <h2 className="small">
              {c.no}. {c.name}
            </h2>
            {c.indicators.map((item) => (
              <VisitItem
                key={item.code}
                dossierId={id}
                item={item}
                photos={photosOf(item.code)}
                canRule={ruleOn.has(c.no)}
              />
            ))}
          </section>
        ))}
    </div>
  );
}
