import type { ReactNode } from 'react';
import type { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * An API error in words: the server's message and each detail (line, field, reason). Its code
 * (e.g. INVALID_ROWS) is for support staff and tests, kept in `data-code`, not shown.
 */
export function ErrorBox({
  error,
  onRetry,
  title,
}: {
  error: ApiError;
  onRetry?: () => void;
  title?: string;
}) {
  const { t } = useI18n();
  return (
    <div className="alert alert-error" role="alert" data-code={error.code}>
      <p className="alert-title">
        {title ?? t(error.status === 403 ? 'forbiddenTitle' : error.write ? 'actionFailed' : 'errorTitle')}
      </p>
      <p>{error.code === 'NETWORK' ? t('networkError') : error.message}</p>
      {error.details.length > 0 && <IssueList issues={error.details} />}
      {/* Trying again does not give a right the account lacks. */}
      {onRetry && error.status !== 403 && (
        <button type="button" className="btn" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}

export function IssueList({
  issues,
}: {
  issues: Array<{ line?: number; field?: string; label?: string; value?: string; message: string }>;
}) {
  const { t } = useI18n();
  const hasLine = issues.some((i) => i.line !== undefined);
  const hasField = issues.some((i) => i.field);
  const hasValue = issues.some((i) => i.value !== undefined);
  return (
    <div className="table-wrap">
      <table className="issues">
        <thead>
          <tr>
            {hasLine && <th scope="col">{t('line')}</th>}
            {hasField && <th scope="col">{t('field')}</th>}
            {hasValue && <th scope="col">{t('value')}</th>}
            <th scope="col">{t('reason')}</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((i, n) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: issues have no identity of their own
            <tr key={n}>
              {hasLine && <td className="num">{i.line ?? ''}</td>}
              {hasField && <td>{i.label ?? i.field ?? ''}</td>}
              {hasValue && <td>{i.value !== undefined ? <code>{String(i.value)}</code> : ''}</td>}
              <td>{i.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('loading')}
    </p>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return <p className="empty">{children ?? t('empty')}</p>;
}

export function Notice({
  kind = 'info',
  children,
}: {
  kind?: 'info' | 'success' | 'warning';
  children: ReactNode;
}) {
  return (
    <div className={`alert alert-${kind}`} role={kind === 'success' ? 'status' : undefined}>
      {children}
    </div>
  );
}
