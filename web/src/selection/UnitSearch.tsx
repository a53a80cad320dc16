import { useQuery } from '@tanstack/react-query';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { apiQuery } from '../api/query.ts';
import type { UnitWithPath } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * A search box for units (the server matches names without diacritics). Results are real
 * buttons: ↓ from the box moves into them, ↑/↓ between them, Esc back to the box.
 */
export function UnitSearch({
  date,
  label,
  onPick,
}: {
  date?: string;
  /** The field's label (default: "Tìm đơn vị…"). */
  label?: string;
  onPick(unit: UnitWithPath): void;
}) {
  const { t, kind } = useI18n();
  const id = useId();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);

  // The search asked: what was typed, once typing pauses for 200 ms (2 letters at least).
  const [term, setTerm] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setTerm(q.trim()), 200);
    return () => window.clearTimeout(timer);
  }, [q]);
  const asking = term.length >= 2 && q.trim().length >= 2;
  const search = useQuery({
    ...apiQuery<{ units: UnitWithPath[] }>('/units/search', { q: term, date, limit: 12 }),
    enabled: asking,
  });
  const results = asking ? (search.data?.units ?? null) : null;
  const failed = asking ? (search.error?.message ?? null) : null;
  // New results open the list.
  useEffect(() => {
    if (search.data) setOpen(true);
  }, [search.data]);

  // Close the list when focus or a click goes elsewhere.
  useEffect(() => {
    if (!open) return;
    const away = (e: Event) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    document.addEventListener('focusin', away);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('focusin', away);
    };
  }, [open]);

  const pick = (u: UnitWithPath) => {
    setOpen(false);
    setQ('');
    onPick(u);
  };

  const buttons = () =>
    Array.from(box.current?.querySelectorAll<HTMLButtonElement>('.search-results button') ?? []);
  const onKey = (e: KeyboardEvent) => {
    const list = buttons();
    const at = list.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'ArrowDown' && list.length) {
      e.preventDefault();
      setOpen(true);
      list[Math.min(at + 1, list.length - 1)]?.focus();
    } else if (e.key === 'ArrowUp' && at >= 0) {
      e.preventDefault();
      if (at === 0) input.current?.focus();
      else list[at - 1]?.focus();
    } else if (e.key === 'Escape') {
      setOpen(false);
      input.current?.focus();
    }
  };

  const listId = `${id}-list`;
  const showList = open && results !== null;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: arrow keys move between the box and its results
    <div className="unit-search field field-wide" ref={box} onKeyDown={onKey}>
      <label className="field-label" htmlFor={`${id}-input`}>
        {label ?? t('unitSearch')}
      </label>
      <input
        ref={input}
        id={`${id}-input`}
        type="search"
        autoComplete="off"
        aria-controls={listId}
        placeholder={t('unitSearchPlaceholder')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onFocus={() => results && setOpen(true)}
        onKeyDown={(e) => {
          const first = results?.[0];
          if (e.key === 'Enter' && first) {
            e.preventDefault();
            pick(first);
          }
        }}
      />
      {failed && <p className="field-error">{failed}</p>}
      {showList && (
        <ul className="search-results" id={listId} aria-label={t('unitSearch')}>
          {results.length === 0 && <li className="search-none">{t('unitSearchNone')}</li>}
          {results.map((u) => (
            <li key={`${u.code}-${u.valid_from ?? ''}`}>
              <button type="button" onClick={() => pick(u)}>
                <span className="search-name">{u.name}</span>
                <span className="search-meta">
                  {kind(u.kind)} · {u.code}
                  {u.path?.length ? ` · ${u.path.map((p) => p.name).join(' › ')}` : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
