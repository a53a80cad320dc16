import { type FormEvent, useState } from 'react';
import { sendJson } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorBox } from '../../ui/Feedback.tsx';
import { NumberInput, parseNumber } from '../../ui/NumberInput.tsx';
import { useTargetWrite } from './mutations.ts';
import type { Plan } from './types.ts';

/** The plan's status rule in words, and (for planners) the form that changes its ratios and due days. */
export function PlanSettings({ plan, canEdit }: { plan: Plan; canEdit: boolean }) {
  const { t, num } = useI18n();
  const s = plan.settings;
  const [on, setOn] = useState(String(s.on_track_ratio * 100));
  const [risk, setRisk] = useState(String(s.at_risk_ratio * 100));
  const [due, setDue] = useState(String(s.due_days));
  const write = useTargetWrite(() =>
    sendJson('PUT', `/targets/${plan.year}/settings`, {
      on_track_ratio: (parseNumber(on) ?? Number.NaN) / 100,
      at_risk_ratio: (parseNumber(risk) ?? Number.NaN) / 100,
      due_days: parseNumber(due),
      cutoff_days_before_end: s.cutoff_days_before_end,
    }),
  );
  const save = (e: FormEvent) => {
    e.preventDefault();
    write.mutate();
  };
  return (
    <section className="card" aria-labelledby="tg-settings">
      <h2 id="tg-settings">{t('tgSettings')}</h2>
      <p>
        {t('tgSettingsText', {
          on: num(s.on_track_ratio * 100),
          risk: num(s.at_risk_ratio * 100),
          due: s.due_days,
          cutoff: s.cutoff_days_before_end,
        })}
      </p>
      {canEdit && (
        <details>
          <summary>{t('tgEditSettings')}</summary>
          <form className="tg-form" onSubmit={save}>
            <div className="tg-grid">
              <label>
                {t('tgOnTrackFrom')}
                <NumberInput value={on} onValue={setOn} required />
              </label>
              <label>
                {t('tgAtRiskFrom')}
                <NumberInput value={risk} onValue={setRisk} required />
              </label>
              <label>
                {t('tgDueDays')}
                <NumberInput value={due} onValue={setDue} required />
              </label>
              <div>
                <button type="submit" className="btn btn-primary">
                  {t('tgSaveSettings')}
                </button>
              </div>
            </div>
          </form>
          {write.error && <ErrorBox error={write.error} />}
        </details>
      )}
    </section>
  );
}
