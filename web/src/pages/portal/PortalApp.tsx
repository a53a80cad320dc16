import { useEffect } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { PortalHome } from './PortalHome.tsx';
import { PortalUnit } from './PortalUnit.tsx';
import { PublicLayout } from './PublicLayout.tsx';

/** The public portal's pages (route table): /cong-khai (find a unit) and /cong-khai/{code} (a unit). */
export function PortalApp({ unit }: { unit?: string }) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${t('portalName')} — TieuChi`;
  }, [t]);
  return <PublicLayout>{unit ? <PortalUnit key={unit} code={unit} /> : <PortalHome />}</PublicLayout>;
}
