import type { ReactNode } from 'react';
import type { FrameworkSummary } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Empty, ErrorBox, Loading } from '../ui/Feedback.tsx';
import { useFrameworks } from './frameworks.ts';

/** Renders `children` with the published frameworks once loaded; loading, error and "none yet" otherwise. */
export function WithFrameworks({ children }: { children(frameworks: FrameworkSummary[]): ReactNode }) {
  const { t } = useI18n();
  const frameworks = useFrameworks();
  if (frameworks.error) return <ErrorBox error={frameworks.error} onRetry={() => frameworks.refetch()} />;
  if (!frameworks.data) return <Loading />;
  if (frameworks.data.length === 0) return <Empty>{t('frameworksEmpty')}</Empty>;
  return <>{children(frameworks.data)}</>;
}
