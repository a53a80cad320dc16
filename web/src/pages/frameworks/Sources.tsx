import { useI18n } from '../../i18n/i18n.tsx';

/** Source links, shown by host name. */
export function Sources({ urls }: { urls: string[] }) {
  const { t } = useI18n();
  return (
    <div className="sources">
      <span className="small">{t('fwSources')}: </span>
      <ul className="inline-list">
        {urls.map((u) => (
          <li key={u}>
            <a href={u} target="_blank" rel="noreferrer noopener" className="small">
              {hostOf(u)}
            </a>
          </li>
        ))}
      </ul>
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
