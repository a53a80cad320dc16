import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../router.tsx';
import './pager.css';

/**
 * The one pager of long lists (offset paging from the API's `total`): "1–50 trong 1.234", the
 * previous and next pages as large buttons that fit a phone. Pages are links when the page number
 * lives in the address (`to`), buttons otherwise (`onPage`). Nothing shows for a single page.
 */
export function Pager({
  offset,
  limit,
  total,
  to,
  onPage,
}: {
  offset: number;
  limit: number;
  total: number;
  to?: (offset: number) => string;
  onPage?: (offset: number) => void;
}) {
  const { t, num } = useI18n();
  if (total <= limit) return null;
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.ceil(total / limit);
  const prev = Math.max(0, offset - limit);
  const next = offset + limit;
  const step = (target: number, label: string, enabled: boolean) => {
    if (!enabled)
      return (
        <span className="btn btn-small pager-off" aria-disabled="true">
          {label}
        </span>
      );
    return to ? (
      <Link className="btn btn-small" to={to(target)}>
        {label}
      </Link>
    ) : (
      <button type="button" className="btn btn-small" onClick={() => onPage?.(target)}>
        {label}
      </button>
    );
  };
  return (
    <nav className="pager" aria-label={t('pagerLabel')}>
      <span className="pager-shown muted small">
        {t('pagerShown', {
          from: num(offset + 1),
          to: num(Math.min(total, offset + limit)),
          total: num(total),
        })}{' '}
        · {t('pagerPage', { page: num(page), pages: num(pages) })}
      </span>
      <span className="pager-steps">
        {step(prev, `← ${t('pagerPrev')}`, offset > 0)}
        {step(next, `${t('pagerNext')} →`, next < total)}
      </span>
    </nav>
  );
}
