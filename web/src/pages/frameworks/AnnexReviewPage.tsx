import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { type ApiError, postJson, sendJson } from '../../api/client.ts';
import { apiQuery, invalidatePaths } from '../../api/query.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, useLocation } from '../../router.tsx';
import { frameworkHref, frameworksHref } from '../../routes.ts';
import { useSession } from '../../session/session.tsx';
import { ErrorBox, Loading, Notice } from '../../ui/Feedback.tsx';
import {
  type AnnexReview,
  type AnnexReviewCell,
  type AnnexReviewIndicator,
  columnName,
} from './annex-types.ts';

/**
 * /bo-tieu-chi/{id}/phu-luc: a version read from a Word annex, each indicator's source cells
 * beside the thresholds read from them; an administrator corrects cells and publishes the draft.
 */
export function AnnexReviewPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { query } = useLocation();
  const { session } = useSession();
  const version = query.get('version') ?? undefined;
  const [review, setReview] = useState<AnnexReview | null>(null);
  const [onlyMissing, setOnlyMissing] = useState(false);
  const loaded = useQuery(
    apiQuery<{ review: AnnexReview }>(`/frameworks/${encodeURIComponent(id)}/annex`, { version }),
  );
  const data = review ?? loaded.data?.review;
  const back = (
    <p>
      <Link to={frameworksHref}>← {t('fwBack')}</Link>
    </p>
  );
  if (loaded.error)
    return (
      <>
        {back}
        <ErrorBox error={loaded.error} onRetry={loaded.refetch} />
      </>
    );
  if (!data) return <Loading />;
  const editable = data.status === 'draft' && Boolean(session?.system_admin);
  const hasCells = data.indicators.some((i) => i.cells.some((c) => c.source));
  const shown = onlyMissing ? data.indicators.filter((i) => i.rule_missing) : data.indicators;
  const groups: Array<{ no: string; name: string; items: AnnexReviewIndicator[] }> = [];
  for (const ind of shown) {
    const last = groups[groups.length - 1];
    if (last?.no === ind.criterion_no) last.items.push(ind);
    else groups.push({ no: ind.criterion_no, name: ind.criterion_name, items: [ind] });
  }
  return (
    <div className="annex-review">
      {back}
      <h1 className="page-title">
        {t('axReviewTitle')}: {data.name}
      </h1>
      <p className="muted">
        <code>{data.id}</code> · {t('fwVersion', { version: String(data.version) })} ·{' '}
        {data.status === 'draft' ? t('fwStatusDraft') : t('fwStatusPublished')}
        {data.source_file && <> · {data.source_file}</>}
      </p>
      <p className="lead">{t('axReviewLead')}</p>
      {!hasCells && <Notice kind="info">{t('axNoAnnex')}</Notice>}
      {data.status !== 'draft' && <Notice kind="info">{t('axPublishedNote')}</Notice>}
      <div className="card">
        <div className="card-head">
          <p className="annex-count">
            {data.unparsed_count > 0 ? (
              <span className="tag tag-missing">{t('axMissingCount', { n: data.unparsed_count })}</span>
            ) : (
              <span className="tag tag-added">{t('axNoneMissing')}</span>
            )}
          </p>
          <label className="check">
            <input type="checkbox" checked={onlyMissing} onChange={(e) => setOnlyMissing(e.target.checked)} />
            <span>{t('axOnlyMissing')}</span>
          </label>
        </div>
      </div>
      {groups.map((g) => (
        <section
          key={g.no}
          className="card criterion"
          aria-label={`${t('criterion', { no: g.no })}. ${g.name}`}
        >
          <h2 className="criterion-title">
            {t('criterion', { no: g.no })}. {g.name}
          </h2>
          {g.items.map((ind) => (
            <IndicatorReview
              key={ind.code}
              frameworkId={data.id}
              version={data.version}
              ind={ind}
              editable={editable}
              onSaved={setReview}
            />
          ))}
        </section>
      ))}
      {editable && <PublishDraft id={data.id} version={data.version} />}
      <p>
        <Link className="btn" to={frameworkHref(data.id, { version: String(data.version) })}>
          {t('axOpenFramework')}
        </Link>
      </p>
    </div>
  );
}

function IndicatorReview(props: {
  frameworkId: string;
  version: number;
  ind: AnnexReviewIndicator;
  editable: boolean;
  onSaved(review: AnnexReview): void;
}) {
  const { t } = useI18n();
  const { ind } = props;
  return (
    <div className={`annex-indicator${ind.rule_missing ? ' annex-missing' : ''}`}>
      <h3 className="annex-ind-title">
        <span className="ind-code">{ind.code}</span> {ind.name}
        {ind.rule_missing && <span className="tag tag-missing">{t('fwRuleMissingMark')}</span>}
      </h3>
      <MeasureLine {...props} />
      <div className="table-wrap">
        <table className="annex-cells stack-on-phone">
          <thead>
            <tr>
              <th scope="col">{t('axColumn')}</th>
              <th scope="col">{t('axSource')}</th>
              <th scope="col">{t('axRead')}</th>
              {props.editable && <th scope="col">{t('axEdit')}</th>}
            </tr>
          </thead>
          <tbody>
            {ind.cells.map((c) => (
              <CellRow key={c.column} {...props} cell={c} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** The indicator's measure id; an administrator may map it to an existing measure. */
function MeasureLine({
  frameworkId,
  version,
  ind,
  editable,
  onSaved,
}: {
  frameworkId: string;
  version: number;
  ind: AnnexReviewIndicator;
  editable: boolean;
  onSaved(review: AnnexReview): void;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(ind.measure ?? '');
  const [error, setError] = useState<ApiError | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await sendJson<{ review: AnnexReview }>(
        'PUT',
        `/frameworks/${encodeURIComponent(frameworkId)}/versions/${version}/annex-cells`,
        { code: ind.code, column: 'measure', text },
      );
      setEditing(false);
      onSaved(r.review);
    } catch (err) {
      setError(err as ApiError);
    }
  };
  if (editing)
    return (
      <form className="annex-edit small" onSubmit={save}>
        <input
          aria-label={t('axMeasureFor', { code: ind.code })}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="btn btn-primary btn-small">
          {t('axSave')}
        </button>
        <button type="button" className="btn btn-small" onClick={() => setEditing(false)}>
          {t('cancel')}
        </button>
        {error && <ErrorBox error={error} />}
      </form>
    );
  return (
    <p className="small muted">
      {/* The measure's code as import files must write it (data-raw: shown as typed). */}
      {t('axMeasure')}: <code data-raw>{ind.measure ?? '—'}</code>
      {ind.unit ? ` · ${ind.unit}` : ''}{' '}
      {editable && (
        <button
          type="button"
          className="btn btn-quiet btn-small"
          aria-label={t('axMeasureFor', { code: ind.code })}
          onClick={() => setEditing(true)}
        >
          {t('axMeasureEdit')}
        </button>
      )}
    </p>
  );
}

function CellRow({
  frameworkId,
  version,
  ind,
  cell,
  editable,
  onSaved,
}: {
  frameworkId: string;
  version: number;
  ind: AnnexReviewIndicator;
  cell: AnnexReviewCell;
  editable: boolean;
  onSaved(review: AnnexReview): void;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(cell.corrected ?? cell.source);
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const label = columnName(cell.column, t('axGeneral'), (g) => t('axGroup', { g }));
  // A region reads by its name in the decision, with the code used by the units' data.
  const heading =
    cell.column.startsWith('region:') && cell.label !== label ? `${cell.label} (${label})` : label;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const r = await sendJson<{ review: AnnexReview }>(
        'PUT',
        `/frameworks/${encodeURIComponent(frameworkId)}/versions/${version}/annex-cells`,
        { code: ind.code, column: cell.column, text },
      );
      setEditing(false);
      onSaved(r.review);
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setSaving(false);
    }
  };
  return (
    <tr className={cell.rule_text === null ? 'annex-row-missing' : undefined}>
      <th scope="row" data-label={t('axColumn')}>
        {heading}
      </th>
      <td data-label={t('axSource')}>
        {cell.source || <span className="muted">{t('axEmptyCell')}</span>}
        {cell.corrected !== null && (
          <span className="block small">
            {t('axCorrected', { text: cell.corrected || t('axEmptyCell') })}
          </span>
        )}
      </td>
      <td data-label={t('axRead')}>
        {cell.rule_text === null ? (
          <span className="tag tag-missing">{cell.parsed ? t('fwRuleMissingMark') : t('axNotRead')}</span>
        ) : (
          cell.rule_text || '—'
        )}
      </td>
      {editable && (
        <td>
          {editing ? (
            <form className="annex-edit" onSubmit={save}>
              <input
                aria-label={t('axNewValue', { code: ind.code, column: label })}
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
              <button type="submit" className="btn btn-primary btn-small" disabled={saving}>
                {t('axSave')}
              </button>
              <button type="button" className="btn btn-small" onClick={() => setEditing(false)}>
                {t('cancel')}
              </button>
              {error && <ErrorBox error={error} />}
            </form>
          ) : (
            <button
              type="button"
              className="btn btn-small"
              aria-label={`${t('axEdit')} ${ind.code} – ${label}`}
              onClick={() => setEditing(true)}
            >
              {t('axEdit')}
            </button>
          )}
        </td>
      )}
    </tr>
  );
}

/** Publishing the draft, with the same confirmation as an uploaded template. */
function PublishDraft({ id, version }: { id: string; version: number }) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [state, setState] = useState<'idle' | 'publishing' | 'published'>('idle');
  const [error, setError] = useState<ApiError | null>(null);
  const publish = async () => {
    setConfirming(false);
    setState('publishing');
    setError(null);
    try {
      await postJson(`/frameworks/${encodeURIComponent(id)}/versions/${version}/publish`, {});
      void invalidatePaths('/frameworks');
      setState('published');
    } catch (err) {
      setError(err as ApiError);
      setState('idle');
    }
  };
  if (state === 'published')
    return (
      <Notice kind="success">
        <p>{t('fwPublished', { id, version: String(version) })}</p>
        <p>
          <Link className="btn" to={frameworkHref(id)}>
            {t('axOpenFramework')}
          </Link>
        </p>
      </Notice>
    );
  return (
    <section className="card" aria-label={t('fwPublish')}>
      {error && <ErrorBox error={error} />}
      {!confirming ? (
        <div className="actions">
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => setConfirming(true)}
            disabled={state === 'publishing'}
          >
            {state === 'publishing' ? t('fwPublishing') : t('fwPublish')}
          </button>
        </div>
      ) : (
        <div className="alert alert-warning" role="alertdialog" aria-labelledby="annex-publish-q">
          <p id="annex-publish-q">{t('fwPublishConfirm', { id, version: String(version) })}</p>
          <div className="actions">
            <button type="button" className="btn btn-danger" onClick={publish}>
              {t('fwPublishYes')}
            </button>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
