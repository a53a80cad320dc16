import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { OfflineStatus } from '../offline/OfflineStatus.tsx';
import { navRoutes } from '../route-table.tsx';
import { Link, useLocation } from '../router.tsx';
import { paths, pathTo } from '../routes.ts';
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
 * Navigation after "Việc của tôi": the route table's entries, each shown when the caller may do
 * its ability somewhere (the UI offers only what the caller may do).
 */
const navItems = navRoutes.map((r) => {
  const to = pathTo(r.path);
  return { to, prefix: to, label: r.nav.label, ability: r.nav.ability };
});

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
              <NavLink to={paths.home} active={!current && !path.startsWith(paths.login)}>
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
