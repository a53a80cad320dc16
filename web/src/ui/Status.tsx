import type { Status } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** A symbol per status, shown beside the colour so that colour is never the only cue. */
export const statusSymbol: Record<Status, string> = {
  met: '✓',
  basically_met: '◐',
  not_met: '✗',
  no_data: '?',
  rule_missing: '!',
  not_applicable: '–',
};

export const statusOrder: Status[] = [
  'met',
  'basically_met',
  'not_met',
  'no_data',
  'rule_missing',
  'not_applicable',
];

/** Sort rank: best first (met) … not applicable last. */
export function statusRank(s: Status): number {
  const i = statusOrder.indexOf(s);
  return i < 0 ? statusOrder.length : i;
}

/** Symbol and words on the status colour. */
export function StatusBadge({ status, compact = false }: { status: Status; compact?: boolean }) {
  const { status: word } = useI18n();
  return (
    <span className={`status status-${status}${compact ? ' status-compact' : ''}`}>
      <span className="status-symbol" aria-hidden="true">
        {statusSymbol[status]}
      </span>
      <span className="status-word">{word(status)}</span>
    </span>
  );
}

/** A matrix cell: the symbol on the colour, the words for screen readers and as a tooltip. */
export function StatusCell({ status, label }: { status: Status; label?: string }) {
  const { status: word } = useI18n();
  const text = label ? `${label}: ${word(status)}` : word(status);
  return (
    <span className={`cell status-${status}`} title={text}>
      <span aria-hidden="true">{statusSymbol[status]}</span>
      <span className="sr-only">{text}</span>
    </span>
  );
}

export function StatusLegend() {
  const { t } = useI18n();
  return (
    <div className="legend">
      <span className="legend-title">{t('legend')}:</span>
      <ul>
        {statusOrder.map((s) => (
          <li key={s}>
            <StatusBadge status={s} compact />
          </li>
        ))}
      </ul>
    </div>
  );
}
