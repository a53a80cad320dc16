import { useEffect, useRef } from 'react';
import { useI18n } from './i18n/i18n.tsx';
import { HomePage } from './pages/home/HomePage.tsx';
import { OverviewPage } from './pages/overview/OverviewPage.tsx';
import { PortalApp } from './pages/portal/PortalApp.tsx';
import { findRoute } from './route-table.tsx';
import { Link, useLocation } from './router.tsx';
import { paths } from './routes.ts';
import { useSession } from './session/session.tsx';
import { Layout } from './ui/Layout.tsx';

function NotFound() {
  const { t } = useI18n();
  return (
    <div className="card">
      <h1 className="page-title">{t('notFound')}</h1>
      <p>
        <Link to={paths.home}>{t('backHome')}</Link>
      </p>
    </div>
  );
}

/**
 * The page of the current address, from the route table (route-table.tsx). `/` is each person's
 * own work ("Việc của tôi"), the overview while accounts are off, and the portal for a visitor.
 */
export function App() {
  const { path, query } = useLocation();
  const { t } = useI18n();
  const { session, needsLogin, error } = useSession();
  const isHome = path === '/' || path === '';
  const anonymousHome = isHome && needsLogin;
  const found = isHome ? null : findRoute(path);
  const chrome = anonymousHome ? 'portal' : (found?.route.chrome ?? 'app');
  // After moving to another page (or another unit), put keyboard and screen-reader focus at the
  // start of the new content instead of leaving it on a link that no longer exists.
  const place = `${path}|${query.get('unit') ?? ''}`;
  const first = useRef(place);
  useEffect(() => {
    if (place === first.current) return;
    first.current = '';
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [place]);
  const title = isHome ? 'navHome' : (found?.route.title ?? 'notFound');
  useEffect(() => {
    if (chrome !== 'app') return; // the portal and the resident's survey name their own pages
    document.title = `${t(title)} — TieuChi`;
  }, [title, t, chrome]);
  if (anonymousHome) return <PortalApp />;
  if (isHome && session === undefined && !error) return null;
  const page = isHome ? (
    session?.user ? (
      <HomePage />
    ) : (
      <OverviewPage />
    )
  ) : found ? (
    found.route.render({ params: found.params, query, path })
  ) : (
    <NotFound />
  );
  return chrome === 'app' ? <Layout>{page}</Layout> : page;
}
