import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';

export interface Crumb {
  label: string;
  to?: string;
}

/** "Hà Nội › Huyện Gia Lâm › Xã Dương Xá": each step but the last is a link (hidden at the top level). */
export function Breadcrumbs({ items }: { items: Crumb[] }) {
  const { t } = useI18n();
  if (items.length < 2) return null;
  return (
    <nav className="breadcrumbs" aria-label={t('breadcrumbs')}>
      <ol>
        {items.map((c, i) => {
          const last = i === items.length - 1;
          return (
            <li key={c.to || c.label}>
              {c.to && !last ? (
                <Link to={c.to}>{c.label}</Link>
              ) : (
                <span aria-current={last ? 'page' : undefined}>{c.label}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
