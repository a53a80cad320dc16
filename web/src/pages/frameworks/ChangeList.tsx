import type { FrameworkChange } from '../../api/types.ts';
import { changeFieldWords } from '../../i18n/dict.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Empty } from '../../ui/Feedback.tsx';

const comparisons: Record<string, string> = {
  '>=': '≥',
  '>': '>',
  '<=': '≤',
  '<': '<',
  '==': '=',
  '!=': '≠',
};

/** A changed value as people read it: thresholds as "≥ 100", an unset rule as "chưa có ngưỡng". */
function useShow(): (v: unknown, field?: string) => string {
  const { t, num } = useI18n();
  return (v, field) => {
    if (v === undefined) return '';
    if (v === null) return field && /rule/.test(field) ? t('fwRuleMissingMark') : '—';
    if (typeof v === 'number') return num(v, 6);
    if (typeof v === 'string') return v;
    if (typeof v === 'object' && !Array.isArray(v)) {
      const entries = Object.entries(v as Record<string, unknown>);
      if (entries.length > 0 && entries.every(([k]) => k in comparisons))
        return entries
          .map(([k, x]) => `${comparisons[k]} ${typeof x === 'number' ? num(x, 6) : JSON.stringify(x)}`)
          .join(', ');
    }
    return JSON.stringify(v);
  };
}

/** Added, removed and changed items between two framework versions. */
export function ChangeList({ changes }: { changes: FrameworkChange[] }) {
  const { t, lang } = useI18n();
  const show = useShow();
  if (changes.length === 0) return <Empty>{t('fwNoChanges')}</Empty>;
  const word = { added: t('changeAdded'), removed: t('changeRemoved'), changed: t('changeChanged') };
  return (
    <div className="table-wrap">
      <table className="changes">
        <thead>
          <tr>
            <th scope="col">{t('changeKind')}</th>
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
              <td>{c.field ? (changeFieldWords[lang][c.field] ?? c.field) : ''}</td>
              <td>
                <code>{show(c.before, c.field)}</code>
              </td>
              <td>
                <code>{show(c.after, c.field)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
