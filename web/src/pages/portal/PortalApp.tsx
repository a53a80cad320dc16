import { useEffect } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { PortalHome } from './PortalHome.tsx';
import { PortalUnit } from './PortalUnit.tsx';
import { PublicLayout } from './PublicLayout.tsx';

/** /cong-khai and everything under it: the public portal. */
export const isPortalPath = (path: string) => /^\/cong-khai(\/|$)/.test(path);

/** The public portal's pages: /cong-khai (find a unit) and /cong-khai/{code} (a unit). */
export function PortalApp({ path }: { path: string }) {
  const { t } = useI18n();
  const unit = /^\/cong-khai\/([^/]+)\/?$/.exec(path)?.[1];
  const home = /^\/cong-khai\/?$/.test(path);
  useEffect(() => {
    document.title = `${t('portalName')} — TieuChi`;
  }, [t]);
  return (
    <PublicLayout>
      {unit ? (
        <PortalUnit key={unit} code={unit} />
      ) : home ? (
        <PortalHome />
      ) : (
        <div className="card">
          <h1 className="page-title">{t('notFound')}</h1>
          <p>
            <Link to="/cong-khai">{t('portalHome')}</Link>
          </p>
        </div>
      )}
    </PublicLayout>
  );
}
