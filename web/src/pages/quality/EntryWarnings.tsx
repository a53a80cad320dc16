import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { apiQuery } from '../../api/query.ts';
import type { Query, Res } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { qualityHref } from '../../routes.ts';
import './quality.css';

export const previewPath = '/quality/preview';

/**
 * Warnings at entry: what the data-quality rules say of a figure — as it is typed (`value`, asked
 * once typing pauses) or as stored (`value` undefined, after saving). They never block the save.
 */
export function EntryWarnings({
  unit,
  indicator,
  period,
  value,
  framework,
}: {
  unit: string;
  /** Measure id or `framework:code`. */
  indicator: string;
  period: string;
  value?: string;
  /** For the link to the data-quality page (stored figures only). */
  framework?: string;
}) {
  const { t } = useI18n();
  const [asked, setAsked] = useState(value?.trim());
  useEffect(() => {
    const timer = window.setTimeout(() => setAsked(value?.trim()), 350);
    return () => window.clearTimeout(timer);
  }, [value]);
  const params: Query<typeof previewPath> = {
    unit,
    indicator,
    period,
    ...(asked !== undefined ? { value: asked } : {}),
  };
  const preview = useQuery({
    ...apiQuery<Res<typeof previewPath>>(previewPath, params),
    enabled: asked !== '',
    retry: false,
  });
  const data = asked === '' ? undefined : preview.data;
  const refusals = data?.refusals ?? [];
  const warnings = data?.warnings ?? [];
  return (
    <div aria-live="polite" className="ql-entry-wrap">
      {refusals.length > 0 && (
        <div className="alert alert-warning ql-entry">
          <ul>
            {refusals.map((r) => (
              <li key={`${r.field}|${r.message}`}>{r.message}</li>
            ))}
          </ul>
        </div>
      )}
      {warnings.length > 0 && (
        <div className="alert alert-warning ql-entry">
          <p>
            <strong>{t('qlEntryTitle')}</strong>
          </p>
          <ul>
            {warnings.map((w) => (
              <li key={`${w.measure}|${w.kind}`}>
                {w.message}
                {w.explanation && (
                  <span className="muted small">
                    {' '}
                    — {t('qlEntryExplained', { note: w.explanation.note })}
                  </span>
                )}
              </li>
            ))}
          </ul>
          {value === undefined && warnings.some((w) => !w.explanation) && (
            <p className="small">
              <Link to={qualityHref({ unit, framework, period })}>{t('qlRowExplain')}</Link>
            </p>
          )}
        </div>
      )}
    </div>
  );
}
