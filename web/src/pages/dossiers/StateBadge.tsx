import type { MessageKey } from '../../i18n/dict.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { DossierState } from './types.ts';

/** The dictionary key of a state's name (dsState_draft, …). */
export const stateKey = (s: DossierState) => `dsState_${s}` as MessageKey;

const symbol: Record<DossierState, string> = {
  draft: '✎',
  self_assessed: '☑',
  submitted: '➜',
  under_appraisal: '⌕',
  rework_requested: '↺',
  resubmitted: '➜',
  appraised: '✓',
  recognised: '★',
  refused: '✗',
  revoked: '⊘',
};

/** The dossier's state in words with a symbol (never colour alone), and a lock when its figures are locked. */
export function StateBadge({ state, locked }: { state: DossierState; locked?: boolean }) {
  const { t } = useI18n();
  return (
    <span className={`dossier-state dossier-state-${state}`}>
      <span aria-hidden="true">{symbol[state]}</span> {t(stateKey(state))}
      {locked && (
        <span className="dossier-lock" title={t('lockedShort')}>
          {t('lockedTag')}
        </span>
      )}
    </span>
  );
}
