import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';

const steps = [87.5, 100, 112.5, 125, 150];
const storageKey = 'tieuchi.fontSize';

function initialStep(): number {
  try {
    const i = steps.indexOf(Number(localStorage.getItem(storageKey)));
    return i < 0 ? 1 : i;
  } catch {
    return 1;
  }
}

/** A-/A/A+: scales every size in the page (they are in rem); remembered in localStorage. */
export function FontSizeControl() {
  const { t } = useI18n();
  const [step, setStep] = useState(initialStep);
  useEffect(() => {
    // A class on <html> (rules in styles.css), not an inline style: the CSP allows none.
    document.documentElement.dataset.fontSize = String(step);
    try {
      localStorage.setItem(storageKey, String(steps[step]));
    } catch {
      // private mode: lasts for this page only
    }
  }, [step]);
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of buttons, not a form
    <div className="font-size" role="group" aria-label={t('fontSize')}>
      <button
        type="button"
        onClick={() => setStep((s) => Math.max(0, s - 1))}
        disabled={step === 0}
        title={t('fontSmaller')}
      >
        {/* The accessible name starts with the visible "A" (WCAG 2.5.3 label in name). */}A
        <span aria-hidden="true">−</span>
        <span className="sr-only"> {t('fontSmaller')}</span>
      </button>
      <button
        type="button"
        onClick={() => setStep(1)}
        aria-pressed={step === 1}
        aria-label={t('fontNormal')}
        title={t('fontNormal')}
      >
        A
      </button>
      <button
        type="button"
        onClick={() => setStep((s) => Math.min(steps.length - 1, s + 1))}
        disabled={step === steps.length - 1}
        title={t('fontLarger')}
      >
        A<span aria-hidden="true">+</span>
        <span className="sr-only"> {t('fontLarger')}</span>
      </button>
    </div>
  );
}
