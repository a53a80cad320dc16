import { useEffect, useRef } from 'react';
import type { MessageKey } from './i18n/dict.ts';
import { useI18n } from './i18n/i18n.tsx';
import { outboxPath } from './offline/OfflineStatus.tsx';
import { OutboxPage } from './offline/OutboxPage.tsx';
import { AccountsPage } from './pages/accounts/AccountsPage.tsx';
import { AuditPage } from './pages/audit/AuditPage.tsx';
import { DossierListPage } from './pages/dossiers/DossierListPage.tsx';
import { DossierPage } from './pages/dossiers/DossierPage.tsx';
import { AnnexReviewPage } from './pages/frameworks/AnnexReviewPage.tsx';
import { FrameworkPage } from './pages/frameworks/FrameworkPage.tsx';
import { FrameworksPage } from './pages/frameworks/FrameworksPage.tsx';
import { HomePage } from './pages/home/HomePage.tsx';
import { LoginPage } from './pages/login/LoginPage.tsx';
import { NotificationsPage } from './pages/notifications/NotificationsPage.tsx';
import { OverviewPage } from './pages/overview/OverviewPage.tsx';
import { isPortalPath, PortalApp } from './pages/portal/PortalApp.tsx';
import { staffPortalPage } from './pages/portal-admin/staff-pages.tsx';
import { StaffPages } from './pages/staff/StaffPages.tsx';
import { AnswerPage } from './pages/surveys/AnswerPage.tsx';
import { CampaignPage } from './pages/surveys/CampaignPage.tsx';
import { SurveysPage } from './pages/surveys/SurveysPage.tsx';
import { targetPage } from './pages/targets/routes.tsx';
import { UnitPage } from './pages/unit/UnitPage.tsx';
import { VisitPage } from './pages/visit/VisitPage.tsx';
import { Link, useLocation } from './router.tsx';
import { overviewPath } from './routes.ts';
import { useSession } from './session/session.tsx';
import { Layout } from './ui/Layout.tsx';

/**
 * Path → page. Addresses are Vietnamese: / (Việc của tôi; the overview while accounts are off),
 * /tong-quan, /don-vi/{code}, /bo-tieu-chi, /bo-tieu-chi/{id}.
 */
function Page({ path, query }: { path: string; query: URLSearchParams }) {
  const { t } = useI18n();
  const { session } = useSession();
  if (path.startsWith('/danh-gia-can-bo')) return <StaffPages path={path} query={query} />;
  if (path === '/' || path === '') return session?.user ? <HomePage /> : <OverviewPage />;
  if (path === overviewPath || path === `${overviewPath}/`) return <OverviewPage />;
  const unit = /^\/don-vi\/([^/]+)\/?$/.exec(path);
  if (unit?.[1]) return <UnitPage key={unit[1]} code={unit[1]} />;
  if (/^\/bo-tieu-chi\/?$/.test(path)) return <FrameworksPage />;
  if (/^\/dang-nhap\/?$/.test(path)) return <LoginPage />;
  if (/^\/quan-tri\/tai-khoan\/?$/.test(path)) return <AccountsPage />;
  if (/^\/nhat-ky\/?$/.test(path)) return <AuditPage />;
  if (/^\/thong-bao\/?$/.test(path)) return <NotificationsPage />;
  if (/^\/ho-so\/?$/.test(path)) return <DossierListPage />;
  if (path === outboxPath) return <OutboxPage />;
  const visit = /^\/ho-so\/(\d+)\/tham-tra-thuc-te\/?$/.exec(path);
  if (visit?.[1]) return <VisitPage key={visit[1]} id={Number(visit[1])} />;
  const dossier = /^\/ho-so\/(\d+)\/?$/.exec(path);
  if (dossier?.[1]) return <DossierPage key={dossier[1]} id={Number(dossier[1])} />;
  const annex = /^\/bo-tieu-chi\/([^/]+)\/phu-luc\/?$/.exec(path);
  if (annex?.[1]) return <AnnexReviewPage key={annex[1]} id={annex[1]} />;
  const fw = /^\/bo-tieu-chi\/([^/]+)\/?$/.exec(path);
  if (fw?.[1]) return <FrameworkPage key={fw[1]} id={fw[1]} />;
  const targets = targetPage(path);
  if (targets) return targets;
  if (/^\/khao-sat-y-kien\/?$/.test(path)) return <SurveysPage />;
  const sv = /^\/khao-sat-y-kien\/(\d+)\/?$/.exec(path);
  if (sv?.[1]) return <CampaignPage key={sv[1]} id={sv[1]} />;
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

const titles: Array<[RegExp, MessageKey]> = [
  [/^\/dang-nhap/, 'loginTitle'],
  [/^\/quan-tri\/tai-khoan/, 'accountsTitle'],
  [/^\/nhat-ky/, 'auditTitle'],
  [/^\/thong-bao/, 'noticesTitle'],
  [/^\/ho-so\/\d+\/tham-tra-thuc-te/, 'fieldVisitOpen'],
  [/^\/cho-gui/, 'fieldOutboxTitle'],
  [/^\/ho-so/, 'dossiersTitle'],
  [/^\/chi-tieu/, 'navTargets'],
  [/^\/khao-sat-y-kien/, 'navSurveys'],
  [/^\/khao-sat(\/|$)/, 'rsTitle'],
  [/^\/danh-gia-can-bo/, 'navStaff'],
  [/^\/don-vi\//, 'unitPage'],
  [/^\/bo-tieu-chi/, 'navFrameworks'],
  [/^\/tong-quan/, 'navOverview'],
  [/^\/?$/, 'navHome'],
  [/^/, 'navOverview'],
];

export function App() {
  const { path, query } = useLocation();
  const { t } = useI18n();
  const { session, needsLogin, error } = useSession();
  const anonymousHome = (path === '/' || path === '') && needsLogin;
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
    if (isPortalPath(path) || anonymousHome) return; // the portal names its own pages
    const key = titles.find(([re]) => re.test(path))?.[1] ?? 'navOverview';
    document.title = `${t(key)} — TieuChi`;
  }, [path, t, anonymousHome]);
  // The resident's survey page stands alone (phone first, no office navigation).
  const resident = /^\/khao-sat(?:\/([^/]+))?\/?$/.exec(path);
  if (resident)
    return <AnswerPage key={resident[1] ?? ''} code={resident[1] ? decodeURIComponent(resident[1]) : null} />;
  // The public portal has its own layout and needs no session; it is also what an anonymous
  // visitor sees at / (citizens never land on a staff login page).
  if (isPortalPath(path)) return <PortalApp path={path} />;
  if (anonymousHome) return <PortalApp path="/cong-khai" />;
  if ((path === '/' || path === '') && session === undefined && !error) return null;
  return (
    <Layout>
      <Page path={path} query={query} />
    </Layout>
  );
}
