import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { useLocation } from '../router.tsx';

/**
 * The header's tools (account, language, text size, logout). On a wide screen they sit in the
 * header; on a phone they fold behind one "Trình đơn" button so nothing leaves the screen.
 * The menu closes on navigation, Escape and a click elsewhere.
 */
export function HeaderMenu({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const id = useId();
  const { path } = useLocation();
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new page closes the menu
  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    if (!open) return;
    const away = (e: Event) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    const onEscape = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('mousedown', away);
    document.addEventListener('keydown', onEscape);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('keydown', onEscape);
    };
  }, [open]);

  return (
    <div className={open ? 'header-menu open' : 'header-menu'} ref={box}>
      <button
        ref={button}
        type="button"
        className="menu-button"
        aria-expanded={open}
        aria-controls={`${id}-tools`}
        aria-label={t('menu')}
        title={t('menu')}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="menu-icon" aria-hidden="true">
          {open ? '✕' : '☰'}
        </span>
        <span className="menu-text" aria-hidden="true">
          {t('menu')}
        </span>
      </button>
      <div className="header-tools" id={`${id}-tools`}>
        {children}
      </div>
    </div>
  );
}
