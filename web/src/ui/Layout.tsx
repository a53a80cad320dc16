import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/dict.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { OfflineStatus } from '../offline/OfflineStatus.tsx';
import { Link, useLocation } from '../router.tsx';
import { SessionBar } from '../session/SessionBar.tsx';
import { useSession } from '../session/session.tsx';
import { Bell } from './Bell.tsx';
import { FontSizeControl } from './FontSize.tsx';
import { HeaderMenu } from './HeaderMenu.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

function NavLink({ to, active, children }: { to: string; active: boolean; children: ReactNode }) {
  return (
    <Link
      to={to}
      className={active ? 'nav-link active' : 'nav-link'}
      aria-current={active ? 'page' : undefined}
    >
      {children}
    </Link>
  );
}

/**
 * Navigation after the overview: where each entry leads, the paths that make it current, and
 * the ability (somewhere) that shows it — the UI offers only what the caller may do.
 */
const navItems: Array<{ to: string; prefix: string; label: MessageKey; ability?: string }> = [
  { to: '/tong-quan', prefix: '/tong-quan', label: 'navOverview' },
  { to: '/bo-tieu-chi', prefix: '/bo-tieu-chi', label: 'navFrameworks' },
  { to: '/ho-so', prefix: '/ho-so', label: 'navDossiers', ability: 'dossier.read' },
  { to: '/chi-tieu', prefix: '/chi-tieu', label: 'navTargets' },
  { to: '/khao-sat-y-kien', prefix: '/khao-sat-y-kien', label: 'navSurveys', ability: 'survey.read' },
  { to: '/danh-gia-can-bo', prefix: '/danh-gia-can-bo', label: 'navStaff' },
  {
    to: '/quan-ly-cong-khai',
    prefix: '/quan-ly-cong-khai',
    label: 'portalStaffPublication',
    ability: 'publication.manage',
  },
  {
    to: '/kiem-duyet-y-kien',
    prefix: '/kiem-duyet-y-kien',
    label: 'portalStaffModeration',
    ability: 'feedback.moderate',
  },
  { to: '/quan-tri/tai-khoan', prefix: '/quan-tri/tai-khoan', label: 'navAccounts', ability: 'user.manage' },
  { to: '/nhat-ky', prefix: '/nhat-ky', label: 'navAudit', ability: 'audit.read' },
  { to: '/cong-khai', prefix: '/cong-khai', label: 'portalName' },
];

/** Header (name, navigation, language, text size), the page, and a footer. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { path } = useLocation();
  const { canSomewhere, session } = useSession();
  const current = navItems.find((item) => path.startsWith(item.prefix));
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="site-header">
        <div className="header-inner">
          <Link to="/" className="brand">
            <span className="brand-mark" aria-hidden="true">
              ★
            </span>
            <span className="brand-text">
              <span className="brand-name">{t('appName')}</span>
              <span className="brand-tagline">{t('appTagline')}</span>
            </span>
          </Link>
          <div className="header-actions">
            <Bell />
            <HeaderMenu>
              <LanguageSwitch />
              <FontSizeControl />
              <SessionBar />
            </HeaderMenu>
          </div>
        </div>
        <nav className="main-nav" aria-label={t('navOverview')}>
          <div className="nav-inner">
            {session?.user && (
              <NavLink to="/" active={!current && !path.startsWith('/dang-nhap')}>
                {t('navHome')}
              </NavLink>
            )}
            {navItems
              .filter((item) => !item.ability || canSomewhere(item.ability))
              .map((item) => (
                <NavLink key={item.to} to={item.to} active={item === current}>
                  {t(item.label)}
                </NavLink>
              ))}
            <a className="nav-link" href="/api/docs">
              {t('navApi')}
            </a>
          </div>
        </nav>
        <OfflineStatus />
      </header>
      <main id="main" className="page" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t('footer')}</p>
      </footer>
    </>
  );
}
