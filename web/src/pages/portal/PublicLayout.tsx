import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { LanguageSwitch } from '../../ui/LanguageSwitch.tsx';
import './portal.css';
import { ReadingTools } from './ReadingTools.tsx';

/**
 * The public portal's frame: skip link, header with the reading tools, a small navigation, the
 * page and a footer; no staff navigation, and nothing here needs a session.
 */
export function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="portal">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="site-header portal-header">
        <div className="header-inner">
          <Link to="/cong-khai" className="brand">
            <span className="brand-mark" aria-hidden="true">
              ★
            </span>
            <span className="brand-text">
              <span className="brand-name">{t('portalName')}</span>
              <span className="brand-tagline">{t('portalTagline')}</span>
            </span>
          </Link>
          <div className="header-tools">
            <LanguageSwitch />
          </div>
        </div>
        <nav className="main-nav" aria-label={t('portalNav')}>
          <div className="nav-inner">
            <Link to="/cong-khai" className="nav-link">
              {t('portalSearchTitle')}
            </Link>
            <Link to="/dang-nhap" className="nav-link">
              {t('portalStaffLogin')}
            </Link>
          </div>
        </nav>
        <div className="portal-tools-bar">
          <ReadingTools />
        </div>
      </header>
      <main id="main" className="page portal-page" tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t('portalFooter')}</p>
      </footer>
    </div>
  );
}
