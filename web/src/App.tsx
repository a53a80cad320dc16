import { useEffect, useRef } from 'react';
import { useI18n } from './i18n/i18n.tsx';
import { FrameworkPage } from './pages/frameworks/FrameworkPage.tsx';
import { FrameworksPage } from './pages/frameworks/FrameworksPage.tsx';
import { OverviewPage } from './pages/overview/OverviewPage.tsx';
import { isPortalPath, PortalApp } from './pages/portal/PortalApp.tsx';
import { staffPortalPage } from './pages/portal-admin/staff-pages.tsx';
import { UnitPage } from './pages/unit/UnitPage.tsx';
import { Link, useLocation } from './router.tsx';
import { Layout } from './ui/Layout.tsx';

/** Path → page. Addresses are Vietnamese: /, /don-vi/{code}, /bo-tieu-chi, /bo-tieu-chi/{id}. */
function Page({ path }: { path: string }) {
  const { t } = useI18n();
  if (path === '/' || path === '') return <OverviewPage />;
  const unit = /^\/don-vi\/([^/]+)\/?$/.exec(path);
  if (unit?.[1]) return <UnitPage key={unit[1]} code={unit[1]} />;
  if (/^\/bo-tieu-chi\/?$/.test(path)) return <FrameworksPage />;
  const fw = /^\/bo-tieu-chi\/([^/]+)\/?$/.exec(path);
  if (fw?.[1]) return <FrameworkPage key={fw[1]} id={fw[1]} />;
  const staff = staffPortalPage(path);
  if (staff) return staff;
  return (
    <div className="card">
      <h1 className="page-title">{t('notFound')}</h1>
      <p>
        <Link to="/">{t('backHome')}</Link>
      </p>
    </div>
  );
}

const titles: Array<[RegExp, 'navOverview' | 'unitPage' | 'navFrameworks']> = [
  [/^\/don-vi\//, 'unitPage'],
  [/^\/bo-tieu-chi/, 'navFrameworks'],
  [/^/, 'navOverview'],
];

export function App() {
  const { path, query } = useLocation();
  const { t } = useI18n();
  // After moving to another page (or another unit), put keyboard and screen-reader focus at the
  // start of the new content instead of leaving it on a link that no longer exists.
  const place = `${path}|${query.get('unit') ?? ''}`;
  const first = useRef(place);
  useEffect(() => {
    if (place === first.current) return;
    first.current = '';
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [place]);
  useEffect(() => {
    if (isPortalPath(path)) return; // the portal names its own pages
    const key = titles.find(([re]) => re.test(path))?.[1] ?? 'navOverview';
    document.title = `${t(key)} — TieuChi`;
  }, [path, t]);
  // The public portal has its own layout and needs no session.
  if (isPortalPath(path)) return <PortalApp path={path} />;
  return (
    <Layout>
      <Page path={path} />
    </Layout>
  );
}
