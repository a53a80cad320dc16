import { useI18n } from '../../i18n/i18n.tsx';
import type { TargetStatus } from './types.ts';

/** A symbol beside the colour, so colour is never the only cue. */
export const targetSymbol: Record<TargetStatus, string> = {
  on_track: '✓',
  at_risk: '!',
  off_track: '✗',
  no_data: '?',
};

const key = {
  on_track: 'tgStatus_on_track',
  at_risk: 'tgStatus_at_risk',
  off_track: 'tgStatus_off_track',
  no_data: 'tgStatus_no_data',
} as const;

export function useStatusWord(): (s: TargetStatus) => string {
  const { t } = useI18n();
  return (s) => t(key[s]);
}

export function TargetStatusBadge({ status, extra }: { status: TargetStatus; extra?: string }) {
  const word = useStatusWord();
  return (
    <span className={`tg-status tg-${status}`}>
      <span aria-hidden="true">{targetSymbol[status]}</span> {word(status)}
      {extra ? ` · ${extra}` : ''}
    </span>
  );
}
