import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { type ApiError, getJson, sendJson } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import type { MessageKey } from '../../i18n/dict.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { FieldPhoto } from '../../offline/FieldPhoto.tsx';
import { FieldPlace } from '../../offline/FieldPlace.tsx';
import { Link } from '../../router.tsx';
import { ErrorBox } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/TextField.tsx';
import { RulingForm } from '../dossiers/Items.tsx';
import { type DossierDetail, type DossierItem, dossierHref, type EvidenceLink } from '../dossiers/types.ts';
import '../../offline/offline.css';

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
          {save.error && <ErrorBox error={save.error as ApiError} />}
        </form>
      )}
    </section>
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
          <RulingForm
            dossierId={dossierId}
            item={item}
            onChange={() => void queryClient.invalidateQueries({ queryKey: [`/dossiers/${dossierId}`] })}
          />
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
          canSet={d.steps.schedule_visit}
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
