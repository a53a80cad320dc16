import type { ReactNode } from 'react';
import type { MessageKey } from './i18n/dict.ts';
import { OutboxPage } from './offline/OutboxPage.tsx';
import { AccountsPage } from './pages/accounts/AccountsPage.tsx';
import { ApprovalPage } from './pages/approval/ApprovalPage.tsx';
import { AuditPage } from './pages/audit/AuditPage.tsx';
import { DossierListPage } from './pages/dossiers/DossierListPage.tsx';
import { DossierPage } from './pages/dossiers/DossierPage.tsx';
import { AnnexReviewPage } from './pages/frameworks/AnnexReviewPage.tsx';
import { FrameworkPage } from './pages/frameworks/FrameworkPage.tsx';
import { FrameworksPage } from './pages/frameworks/FrameworksPage.tsx';
import { LoginPage } from './pages/login/LoginPage.tsx';
import { NotificationsPage } from './pages/notifications/NotificationsPage.tsx';
import { OverviewPage } from './pages/overview/OverviewPage.tsx';
import { PastRecognitionsPage } from './pages/past-recognitions/PastRecognitionsPage.tsx';
import { PortalApp } from './pages/portal/PortalApp.tsx';
import { ModerationPage } from './pages/portal-admin/ModerationPage.tsx';
import { PublicationPage } from './pages/portal-admin/PublicationPage.tsx';
import { QualityPage } from './pages/quality/QualityPage.tsx';
import { ClosestPage } from './pages/rankings/ClosestPage.tsx';
import { ImprovementPage } from './pages/rankings/ImprovementPage.tsx';
import { StaffPages } from './pages/staff/StaffPages.tsx';
import { AnswerPage } from './pages/surveys/AnswerPage.tsx';
import { CampaignPage } from './pages/surveys/CampaignPage.tsx';
import { SurveysPage } from './pages/surveys/SurveysPage.tsx';
import { HolderPage } from './pages/targets/HolderPage.tsx';
import { PlanPage } from './pages/targets/PlanPage.tsx';
import { TargetsHome } from './pages/targets/TargetsHome.tsx';
import { UnitPage } from './pages/unit/UnitPage.tsx';
import { VisitPage } from './pages/visit/VisitPage.tsx';
import { matchPath, type PathTemplate, paths } from './routes.ts';
import type { Ability } from './session/session.tsx';

/** What a page is given: its path parameters, the query string and the whole path. */
export interface RouteArgs {
  params: Record<string, string>;
  query: URLSearchParams;
  path: string;
}

export interface AppRoute {
  path: PathTemplate;
  /** The browser tab's title (the portal and the resident's survey name their own pages). */
  title: MessageKey;
  /** `app`: the officials' header and navigation; `portal`/`bare`: pages that stand alone. */
  chrome: 'app' | 'portal' | 'bare';
  render(a: RouteArgs): ReactNode;
  /** In the main navigation, shown when the caller may do `ability` somewhere. */
  nav?: { label: MessageKey; ability?: Ability };
}

/**
 * The app's one route table: addresses, titles, who sees them in the navigation, and the page.
 * `/` (each person's own work, or the portal for a visitor) is decided in App.tsx from the session.
 */
export const routeTable: AppRoute[] = [
  {
    path: paths.overview,
    title: 'navOverview',
    chrome: 'app',
    nav: { label: 'navOverview' },
    render: () => <OverviewPage />,
  },
  { path: paths.closest, title: 'clTitle', chrome: 'app', render: () => <ClosestPage /> },
  { path: paths.improvement, title: 'imTitle', chrome: 'app', render: () => <ImprovementPage /> },
  {
    path: paths.unit,
    title: 'unitPage',
    chrome: 'app',
    render: ({ params }) => <UnitPage key={params.code} code={params.code!} />,
  },
  {
    path: paths.frameworks,
    title: 'navFrameworks',
    chrome: 'app',
    nav: { label: 'navFrameworks' },
    render: () => <FrameworksPage />,
  },
  {
    path: paths.annexReview,
    title: 'navFrameworks',
    chrome: 'app',
    render: ({ params }) => <AnnexReviewPage key={params.id} id={params.id!} />,
  },
  {
    path: paths.framework,
    title: 'navFrameworks',
    chrome: 'app',
    render: ({ params }) => <FrameworkPage key={params.id} id={params.id!} />,
  },
  {
    path: paths.dossiers,
    title: 'dossiersTitle',
    chrome: 'app',
    nav: { label: 'navDossiers', ability: 'dossier.read' },
    render: () => <DossierListPage />,
  },
  {
    path: paths.dossier,
    title: 'dossiersTitle',
    chrome: 'app',
    render: ({ params }) => <DossierPage key={params.id} id={Number(params.id)} />,
  },
  {
    path: paths.visit,
    title: 'fieldVisitOpen',
    chrome: 'app',
    render: ({ params }) => <VisitPage key={params.id} id={Number(params.id)} />,
  },
  {
    path: paths.outbox,
    title: 'fieldOutboxTitle',
    chrome: 'app',
    render: () => <OutboxPage />,
  },
  {
    path: paths.targets,
    title: 'navTargets',
    chrome: 'app',
    nav: { label: 'navTargets' },
    render: () => <TargetsHome />,
  },
  {
    path: paths.targetPlan,
    title: 'navTargets',
    chrome: 'app',
    render: ({ params }) => <PlanPage key={params.year} year={Number(params.year)} />,
  },
  {
    path: paths.targetHolder,
    title: 'navTargets',
    chrome: 'app',
    render: ({ params, path }) => <HolderPage key={path} year={Number(params.year)} code={params.code!} />,
  },
  {
    path: paths.approval,
    title: 'apTitle',
    chrome: 'app',
    nav: { label: 'navApproval' },
    render: () => <ApprovalPage />,
  },
  {
    path: paths.quality,
    title: 'qlTitle',
    chrome: 'app',
    nav: { label: 'navQuality' },
    render: () => <QualityPage />,
  },
  {
    path: paths.surveys,
    title: 'navSurveys',
    chrome: 'app',
    nav: { label: 'navSurveys', ability: 'survey.read' },
    render: () => <SurveysPage />,
  },
  {
    path: paths.survey,
    title: 'navSurveys',
    chrome: 'app',
    render: ({ params }) => <CampaignPage key={params.id} id={params.id!} />,
  },
  {
    path: paths.staff,
    title: 'navStaff',
    chrome: 'app',
    nav: { label: 'navStaff' },
    render: ({ path, query }) => <StaffPages path={path} query={query} />,
  },
  {
    path: paths.pastRecognitions,
    title: 'pastTitle',
    chrome: 'app',
    nav: { label: 'pastNav', ability: 'dossier.decide' },
    render: () => <PastRecognitionsPage />,
  },
  {
    path: paths.publication,
    title: 'portalStaffPublication',
    chrome: 'app',
    nav: { label: 'portalStaffPublication', ability: 'publication.manage' },
    render: () => <PublicationPage />,
  },
  {
    path: paths.moderation,
    title: 'portalStaffModeration',
    chrome: 'app',
    nav: { label: 'portalStaffModeration', ability: 'feedback.moderate' },
    render: () => <ModerationPage />,
  },
  {
    path: paths.accounts,
    title: 'accountsTitle',
    chrome: 'app',
    nav: { label: 'navAccounts', ability: 'user.manage' },
    render: () => <AccountsPage />,
  },
  {
    path: paths.audit,
    title: 'auditTitle',
    chrome: 'app',
    nav: { label: 'navAudit', ability: 'audit.read' },
    render: () => <AuditPage />,
  },
  { path: paths.notifications, title: 'noticesTitle', chrome: 'app', render: () => <NotificationsPage /> },
  { path: paths.login, title: 'loginTitle', chrome: 'app', render: () => <LoginPage /> },
  {
    path: paths.portal,
    title: 'portalName',
    chrome: 'portal',
    nav: { label: 'portalName' },
    render: () => <PortalApp />,
  },
  {
    path: paths.portalUnit,
    title: 'portalName',
    chrome: 'portal',
    render: ({ params }) => <PortalApp unit={params.code} />,
  },
  {
    path: paths.residentSurvey,
    title: 'rsTitle',
    chrome: 'bare',
    render: ({ params }) => <AnswerPage key={params.code ?? ''} code={params.code ?? null} />,
  },
];

/** The route of `path` and its parameters, or null (not found). */
export function findRoute(path: string): { route: AppRoute; params: Record<string, string> } | null {
  for (const route of routeTable) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return null;
}

/** The main navigation's entries (the nav's address is the route's own, without parameters). */
export const navRoutes = routeTable.filter(
  (r): r is AppRoute & { nav: NonNullable<AppRoute['nav']> } => !!r.nav,
);
