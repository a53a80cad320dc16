import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, useLocation } from '../router.tsx';
import { useSession } from '../session/session.tsx';
import { FontSizeControl } from './FontSize.tsx';

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

function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of buttons, not a form
    <div className="lang-switch" role="group" aria-label={t('language')}>
      <button
        type="button"
        lang="vi"
        aria-pressed={lang === 'vi'}
        onClick={() => setLang('vi')}
        title="Tiếng Việt"
      >
        VI
      </button>
      <button
        type="button"
        lang="en"
        aria-pressed={lang === 'en'}
        onClick={() => setLang('en')}
        title="English"
      >
        EN
      </button>
    </div>
  );
}

/** Header (name, navigation, language, text size), the page, and a footer. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { path } = useLocation();
  const onFrameworks = path.startsWith('/bo-tieu-chi');
  const { canSomewhere } = useSession();
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
          <div className="header-tools">
            <LanguageSwitch />
            <FontSizeControl />
          </div>
        </div>
        <nav className="main-nav" aria-label={t('navOverview')}>
          <div className="nav-inner">
            <NavLink to="/" active={!onFrameworks && !/^\/(quan-ly-cong-khai|kiem-duyet-y-kien)/.test(path)}>
              {t('navOverview')}
            </NavLink>
            <NavLink to="/bo-tieu-chi" active={onFrameworks}>
              {t('navFrameworks')}
            </NavLink>
            {canSomewhere('publication.manage') && (
              <NavLink to="/quan-ly-cong-khai" active={path.startsWith('/quan-ly-cong-khai')}>
                {t('staffPublication')}
              </NavLink>
            )}
            {canSomewhere('feedback.moderate') && (
              <NavLink to="/kiem-duyet-y-kien" active={path.startsWith('/kiem-duyet-y-kien')}>
                {t('staffModeration')}
              </NavLink>
            )}
            <NavLink to="/cong-khai" active={false}>
              {t('portalName')}
            </NavLink>
            <a className="nav-link" href="/api/docs">
              {t('navApi')}
            </a>
          </div>
        </nav>
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
