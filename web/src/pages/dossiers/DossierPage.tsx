import { useQueries, useQuery } from '@tanstack/react-query';
import { apiQuery } from '../../api/query.ts';
import { formatDate, formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { paths, unitHref } from '../../routes.ts';
import { useFrameworks } from '../../selection/frameworks.ts';
import { Breadcrumbs } from '../../ui/Breadcrumbs.tsx';
import { ErrorBox, Loading, Notice } from '../../ui/Feedback.tsx';
import { ActionsSection } from './Actions.tsx';
import { EvidenceFiles, EvidenceUpload } from './Evidence.tsx';
import { ItemsSection, verdictKey } from './Items.tsx';
import { refreshDossiers } from './mutations.ts';
import { ProcedureSection } from './Procedure.tsx';
import { StateBadge, stateKey } from './StateBadge.tsx';
import type { DossierDetail, RevocationFlags } from './types.ts';
import './dossiers.css';

/** A database timestamp ("2024-10-01 08:30:00.123+00") in the browser's time zone. */
function when(at: string): string {
  const iso = at.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  return Number.isNaN(Date.parse(iso)) ? at : formatDateTime(iso);
}

/** /ho-so/{id}: one recognition dossier through the QĐ 18/2022 workflow. */
export function DossierPage({ id }: { id: number }) {
  const { t } = useI18n();
  const state = useQuery(apiQuery<DossierDetail>(`/dossiers/${id}`));
  if (state.error) return <ErrorBox error={state.error} onRetry={state.refetch} />;
  if (!state.data) return <Loading />;
  const detail = state.data;
  // After a change outside a mutation of this page (an offline ruling sent): read everything afresh.
  const onChange = () => void refreshDossiers();
  const d = detail.dossier;
  const steps = detail.steps;
  const unitName = d.unit?.name ?? d.unit_code;
  return (
    <div className="dossier-page">
      <Breadcrumbs
        items={[
          { label: t('dossiersTitle'), to: paths.dossiers },
          { label: t('dossierHeading', { id: d.id, unit: unitName, round: d.round }) },
        ]}
      />
      <h1 className="page-title">{t('dossierHeading', { id: d.id, unit: unitName, round: d.round })}</h1>
      {/* The revocation watch looks at recorded recognition decisions still in force. */}
      {d.decision && !d.revocation && <DossierRevocationFlag detail={detail} />}
      {/* Field work (issue 16): the delegation's on-site view (rulings, the visit's days), usable offline. */}
      {(steps.rule || steps.schedule_visit) && (
        <p data-step={steps.schedule_visit ? 'schedule_visit' : undefined}>
          <Link className="btn" to={`/ho-so/${d.id}/tham-tra-thuc-te`}>
            {t('fieldVisitOpen')}
          </Link>
        </p>
      )}
      <section className="card dossier-summary" aria-label={t('dossierSummary')}>
        <dl className="summary-list">
          <div>
            <dt>{t('dossierState')}</dt>
            <dd>
              <StateBadge state={d.state} locked={d.locked} />
            </dd>
          </div>
          <div>
            <dt>{t('framework')}</dt>
            <dd>
              {detail.framework.name} (v{detail.framework.version})
            </dd>
          </div>
          <div>
            <dt>{t('unit')}</dt>
            <dd>
              <Link to={unitHref(d.unit_code, { framework: d.framework_id, period: d.round })}>
                {unitName}
              </Link>
            </dd>
          </div>
          <div>
            <dt>{t('reworkRounds')}</dt>
            <dd data-testid="rework-rounds">{d.rework_rounds}</dd>
          </div>
          <div>
            <dt>{t('appraisalRound')}</dt>
            <dd>{d.appraisal_round}</dd>
          </div>
          <div>
            <dt>{t('reopenCount')}</dt>
            <dd>{d.reopen_count}</dd>
          </div>
        </dl>
        {d.locked && (
          <Notice kind="warning">
            <strong>🔒 {t(d.lock === 'decided' ? 'lockedDecided' : 'lockedReason')}</strong>{' '}
            {t('lockedExplain')}
          </Notice>
        )}
        {d.decision && (
          <div className="decision">
            <p>
              <strong>{t('decisionRecorded')}</strong>{' '}
              {t('decisionLine', {
                no: d.decision.no,
                date: formatDate(d.decision.date),
                signer: d.decision.signer,
              })}
            </p>
            <EvidenceFiles
              dossierId={d.id}
              links={detail.documents.filter((x) => x.document === 'decision')}
            />
          </div>
        )}
        {d.refusal_reason && (
          <p>
            <strong>{t('refusedBecause')}</strong> {d.refusal_reason}
          </p>
        )}
        {d.revocation && (
          <p>
            <strong>{t('revokedLine')}</strong>{' '}
            {t('decisionLine', { no: d.revocation.no, date: formatDate(d.revocation.date), signer: '' })}{' '}
            {d.revocation.reason}
          </p>
        )}
        {detail.documents.some((x) => x.document === 'revocation') && (
          <div className="decision">
            <p>
              <strong>{t('dsRevocationFiles')}</strong>
            </p>
            <EvidenceFiles
              dossierId={d.id}
              links={detail.documents.filter((x) => x.document === 'revocation')}
            />
          </div>
        )}
        <p className="actions">
          <a className="btn" href={`/api/dossiers/${d.id}/export.zip`} download>
            ⬇ {t('downloadZip')}
          </a>
        </p>
      </section>
      <ActionsSection detail={detail} />
      <ReworkRequests detail={detail} />
      <ItemsSection key={`items-${d.updated_at}`} detail={detail} onChange={onChange} />
      <ProcedureSection key={`proc-${d.updated_at}`} detail={detail} />
      <Council detail={detail} />
      <Timeline detail={detail} />
    </div>
  );
}

function ReworkRequests({ detail }: { detail: DossierDetail }) {
  const { t } = useI18n();
  if (detail.rework_requests.length === 0) return null;
  return (
    <section className="card" aria-labelledby="rework-title">
      <h2 id="rework-title">{t('reworkRequestsTitle', { count: detail.rework_requests.length })}</h2>
      {detail.rework_requests.map((r) => (
        <article key={r.round} className="rework-request">
          <h3>
            {t('reworkRoundNo', { round: r.round })} ·{' '}
            {t('reworkDeadlineLine', { date: formatDate(r.deadline) })}
          </h3>
          {r.message && <p>{r.message}</p>}
          <ul>
            {r.items.map((i) => (
              <li key={i.indicator}>
                {i.indicator}: <strong>{t(verdictKey(i.verdict))}</strong>
                {i.public_comment ? ` — ${i.public_comment}` : ''}
              </li>
            ))}
          </ul>
          <p className="small muted">{t('requestedBy', { who: r.requested_by, at: when(r.requested_at) })}</p>
          {r.response && (
            <p>
              <strong>{t('communeResponse')}</strong> {r.response}{' '}
              {r.answered_at && <span className="small muted">({when(r.answered_at)})</span>}
            </p>
          )}
        </article>
      ))}
    </section>
  );
}

/**
 * The revocation watch for this dossier's unit: checked on each year from the dossier's round to
 * the current one (at most five, the figures that came after the recognition); shown only when a
 * period flags this dossier. A period the framework does not cover answers nothing.
 */
function DossierRevocationFlag({ detail }: { detail: DossierDetail }) {
  const { t } = useI18n();
  const d = detail.dossier;
  const from = Number(d.round.slice(0, 4));
  const to = new Date().getFullYear();
  // Only the years the framework is in force in (the watch refuses the others).
  const frameworks = useFrameworks();
  const fw = frameworks.data?.find((f) => f.id === d.framework_id && f.version === d.framework_version);
  const inForce = (y: number) =>
    (!fw?.valid_from || fw.valid_from <= `${y}-12-31`) && (!fw?.valid_to || fw.valid_to >= `${y}-01-01`);
  const periods = frameworks.data ? [d.round] : [];
  if (frameworks.data)
    for (let y = Math.max(from + 1, to - 4); y <= to; y++) if (inForce(y)) periods.push(String(y));
  const watch = useQueries({
    queries: periods.map((period) => ({
      ...apiQuery<RevocationFlags>('/dossiers/revocation-flags', {
        framework: d.framework_id,
        period,
        unit: d.unit_code,
      }),
      retry: false,
    })),
  });
  const flagged = watch.flatMap(
    ({ data: f }) =>
      f?.units.filter((u) => u.flagged && u.dossier_id === d.id).map((u) => ({ ...u, period: f.period })) ??
      [],
  );
  if (flagged.length === 0) return null;
  return (
    <section
      className="alert alert-error revocation-banner"
      aria-labelledby="dossier-revocation-title"
      data-testid="dossier-revocation-flag"
    >
      <h2 id="dossier-revocation-title" className="alert-title">
        <span aria-hidden="true">⚠ </span>
        {t('revocationUnitTitle')}
      </h2>
      <ul>
        {flagged.map((f) => (
          <li key={f.period}>
            {t('dsRevocationFlagDossier', { period: f.period })} {f.reason}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Council({ detail }: { detail: DossierDetail }) {
  const { t } = useI18n();
  const c = detail.council;
  const d = detail.dossier;
  const minutes = detail.documents.filter((x) => x.document === 'council_minutes');
  const canAttach = detail.steps.attach_decision;
  if (c.votes.length === 0 && minutes.length === 0 && !detail.steps.vote && !canAttach) return null;
  return (
    <section className="card" aria-labelledby="council-title">
      <h2 id="council-title">{t('councilTitle')}</h2>
      <p>{t('councilTally', { for: c.for, against: c.against, abstain: c.abstain })}</p>
      {c.votes.length > 0 && (
        <ul>
          {c.votes.map((v) => (
            <li key={v.voter}>
              {/* The member's username, as typed at login (data-raw for the journeys' checker). */}
              <span data-raw>{v.voter}</span>: <strong>{t(`vote_${v.vote}` as 'vote_for')}</strong>
              {v.comment ? ` — ${v.comment}` : ''}
            </li>
          ))}
        </ul>
      )}
      {(minutes.length > 0 || canAttach) && (
        <>
          <h3>{t('dsCouncilMinutes')}</h3>
          <EvidenceFiles dossierId={d.id} links={minutes} />
          {canAttach && (
            <EvidenceUpload
              dossierId={d.id}
              step="attach_decision"
              document="council_minutes"
              reusable={detail.documents}
              label={t('dsCouncilMinutesUpload')}
            />
          )}
        </>
      )}
    </section>
  );
}

function Timeline({ detail }: { detail: DossierDetail }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t('timelineTitle')}</h2>
      <ol className="timeline">
        {detail.history.map((h, n) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the history is append-only
          <li key={n}>
            <span className="timeline-when">{when(h.at)}</span>{' '}
            <span>
              {h.from ? `${t(stateKey(h.from))} → ` : ''}
              <strong>{t(stateKey(h.to))}</strong>
            </span>{' '}
            <span className="muted small" data-raw>
              ({h.actor})
            </span>
            {h.note && <span className="timeline-note"> — {h.note}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
