import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { apiQuery } from '../../api/query.ts';
import type { Res } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { href, Link, navigate, useLocation } from '../../router.tsx';
import { paths, pathTo } from '../../routes.ts';
import { ErrorBox, Loading } from '../../ui/Feedback.tsx';

/** /cong-khai: find a unit by name (without accents too), then open its public page. */
export function PortalHome() {
  const { t, kind } = useI18n();
  const { query } = useLocation();
  const q = query.get('q')?.trim() ?? '';
  const [text, setText] = useState(q);
  const found = useQuery({ ...apiQuery<Res<'/public/units'>>('/public/units', { q }), enabled: Boolean(q) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(href(paths.portal, { q: text.trim() }));
  };
  return (
    <>
      <h1 className="page-title">{t('portalSearchTitle')}</h1>
      <p className="lead">{t('portalSearchLead')}</p>
      <search>
        <form className="portal-search" onSubmit={submit}>
          <label className="field-label" htmlFor="portal-q">
            {t('portalSearchLabel')}
          </label>
          <div className="portal-search-row">
            <input
              id="portal-q"
              type="search"
              value={text}
              onChange={(e) => setText(e.target.value)}
              autoComplete="off"
              placeholder="Ví dụ: xa an binh"
            />
            <button type="submit" className="btn btn-primary">
              {t('portalSearchButton')}
            </button>
          </div>
        </form>
      </search>
      {found.isLoading && q && <Loading />}
      {found.error && <ErrorBox error={found.error} onRetry={found.refetch} />}
      {found.data && (
        <section aria-labelledby="portal-results">
          <h2 id="portal-results">{t('portalSearchCount', { n: found.data.units.length })}</h2>
          {found.data.units.length === 0 ? (
            <p>{t('portalSearchNone', { q })}</p>
          ) : (
            <ul className="portal-results">
              {found.data.units.map((u) => (
                <li key={u.code}>
                  <Link to={pathTo(paths.portalUnit, { code: u.code })}>{u.name}</Link>
                  <span className="muted small">
                    {' '}
                    — {kind(u.kind)}
                    {u.path.length > 0 && `, ${u.path.map((p) => p.name).join(' › ')}`}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </>
  );
}
