import { useQuery } from '@tanstack/react-query';
import { apiUrl } from '../../api/client.ts';
import { apiQuery } from '../../api/query.ts';
import type { Res } from '../../api/types.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, navigate, useLocation } from '../../router.tsx';
import { frameworkHref, frameworksHref } from '../../routes.ts';
import { ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { CompareVersions } from './CompareVersions.tsx';
import { CompletenessCard } from './CompletenessCard.tsx';
import { CriterionDefinition } from './CriterionDefinition.tsx';
import { Sources } from './Sources.tsx';

/** One framework version: legal basis, sources, criteria and indicators with thresholds in words. */
export function FrameworkPage({ id }: { id: string }) {
  const { t, lang, kind } = useI18n();
  const { query } = useLocation();
  const version = query.get('version') ?? undefined;
  const fw = useQuery(
    apiQuery<Res<'/frameworks/{id}'>>(`/frameworks/${encodeURIComponent(id)}`, { version }),
  );
  const back = (
    <p>
      <Link to={frameworksHref}>← {t('fwBack')}</Link>
    </p>
  );
  if (fw.error)
    return (
      <>
        {back}
        <ErrorBox error={fw.error} onRetry={fw.refetch} />
      </>
    );
  if (!fw.data) return <Loading />;
  const f = fw.data.framework;
  const def = f.definition;
  const name = (lang === 'en' && (f.name_en ?? def.name_en)) || f.name || def.name;
  return (
    <div className="framework-page">
      {back}
      <h1 className="page-title">{name}</h1>
      <p className="muted">
        <code>{f.id}</code> · {f.status === 'draft' ? t('fwStatusDraft') : t('fwStatusPublished')}
      </p>
      <div className="card">
        <div className="controls">
          <label className="field">
            <span className="field-label">{t('fwVersionLabel')}</span>
            <select
              value={String(f.version)}
              onChange={(e) => navigate(frameworkHref(id, { version: e.target.value }), { replace: true })}
            >
              {(f.version_list?.length
                ? f.version_list
                : (f.versions?.length ? f.versions : [f.version]).map((v) => ({
                    version: v,
                    status: 'published',
                    in_force_from: '',
                  }))
              ).map((v) => (
                <option key={v.version} value={String(v.version)}>
                  {v.status === 'draft'
                    ? t('fcVersionDraft', { version: String(v.version) })
                    : v.in_force_from
                      ? t('fcVersionOption', {
                          version: String(v.version),
                          date: formatDate(v.in_force_from),
                        })
                      : t('fwVersion', { version: String(v.version) })}
                </option>
              ))}
            </select>
          </label>
          <a
            className="btn"
            href={apiUrl(`/frameworks/${encodeURIComponent(id)}/template.xlsx`, { version })}
            download
          >
            <span aria-hidden="true">⬇ </span>
            {t('fwTemplate')}
          </a>
        </div>
        <dl className="facts">
          <div>
            <dt>{t('fwValid')}</dt>
            <dd>
              {formatDate(f.valid_from ?? def.valid?.from) || '…'} –{' '}
              {validTo(f.valid_to ?? def.valid?.to, t('openEnded'))}
            </dd>
          </div>
          {f.in_force_from && (
            <div>
              <dt>{t('fcInForce')}</dt>
              <dd>{formatDate(f.in_force_from)}</dd>
            </div>
          )}
          <div>
            <dt>{t('fwAppliesTo')}</dt>
            <dd>{(f.applies_to ?? def.applies_to ?? []).map(kind).join(', ')}</dd>
          </div>
          <div>
            <dt>{t('criteria')}</dt>
            <dd>{t('fwCounts', { criteria: f.criteria_count, indicators: f.indicator_count })}</dd>
          </div>
        </dl>
        {def.legal_basis && def.legal_basis.length > 0 && (
          <>
            <h2>{t('fwLegalBasis')}</h2>
            <ul className="plain-list">
              {def.legal_basis.map((b) => (
                <li key={`${b.number}-${b.part ?? ''}`}>
                  <strong>{b.number}</strong>
                  {b.date && ` (${formatDate(b.date)})`}
                  {b.issuer && ` — ${b.issuer}`}
                  {b.part && `, ${b.part}`}
                </li>
              ))}
            </ul>
          </>
        )}
        {def.sources && def.sources.length > 0 && <Sources urls={def.sources} />}
        {def.note && (
          <p className="framework-note">
            <strong>{t('fcNote')}:</strong> {def.note}
          </p>
        )}
      </div>
      {f.completeness && (
        <CompletenessCard
          id={id}
          completeness={f.completeness}
          draftVersion={f.version_list?.find((v) => v.status === 'draft')?.version ?? null}
        />
      )}
      {def.conditions && def.conditions.length > 0 && (
        <CriterionDefinition criterion={{ no: '', name: t('conditions'), indicators: def.conditions }} />
      )}
      {def.criteria.map((c) => (
        <CriterionDefinition key={String(c.no)} criterion={c} />
      ))}
      <CompareVersions id={id} versions={f.versions ?? [f.version]} />
    </div>
  );
}

function validTo(iso: string | null | undefined, openEnded: string): string {
  if (!iso || iso.startsWith('9999')) return openEnded;
  return formatDate(iso);
}
