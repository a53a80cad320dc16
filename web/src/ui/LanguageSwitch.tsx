import { useI18n } from '../i18n/i18n.tsx';

/** VI / EN buttons (the choice is remembered); used by the staff and the public layouts. */
export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of buttons, not a form
    <div className="lang-switch" role="group" aria-label={t('language')}>
      <button
        type="button"
        lang="vi"
        aria-pressed={lang === 'vi'}
        onClick={() => setLang('vi')}
        title="Tiếng Việt"
      >
        VI
      </button>
      <button
        type="button"
        lang="en"
        aria-pressed={lang === 'en'}
        onClick={() => setLang('en')}
        title="English"
      >
        EN
      </button>
    </div>
  );
}
