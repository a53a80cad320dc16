import type { FrameworkChange } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Empty } from '../../ui/Feedback.tsx';

function show(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return 'null';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Added, removed and changed items between two framework versions. */
export function ChangeList({ changes }: { changes: FrameworkChange[] }) {
  const { t } = useI18n();
  if (changes.length === 0) return <Empty>{t('fwNoChanges')}</Empty>;
  const word = { added: t('changeAdded'), removed: t('changeRemoved'), changed: t('changeChanged') };
  return (
    <div className="table-wrap">
      <table className="changes">
        <thead>
          <tr>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('changeTarget')}</th>
            <th scope="col">{t('changeField')}</th>
            <th scope="col">{t('changeBefore')}</th>
            <th scope="col">{t('changeAfter')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: changes have no identity of their own
            <tr key={i} className={`change-${c.change}`}>
              <td>
                <span className={`tag tag-${c.change}`}>{word[c.change] ?? c.change}</span>
              </td>
              <td>{c.target}</td>
              <td>{c.field ?? ''}</td>
              <td>
                <code>{show(c.before)}</code>
              </td>
              <td>
                <code>{show(c.after)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
