import { Fragment } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';

/** Source links, shown by host name. */
export function Sources({ urls }: { urls: string[] }) {
  const { t } = useI18n();
  return (
    <div className="sources">
      <span className="small">{t('fwSources')}: </span>
      {/* Separators in the text itself (not CSS), so that copied or read text keeps them apart. */}
      {urls.map((u, i) => (
        <Fragment key={u}>
          {i > 0 && <span className="small muted"> · </span>}
          <a href={u} target="_blank" rel="noreferrer noopener" className="small">
            {hostOf(u)}
          </a>
        </Fragment>
      ))}
    </div>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}
