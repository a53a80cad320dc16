import { afterEach, describe, expect, it, vi } from 'vitest';
import { monthText, parseDate, parseDateTime, parseMonth, parseNumber } from '../src/engine/written.ts';
import { parseValue } from '../src/values/parse.ts';

// The number and date readers shared by the server and the web forms. A browser in English
// (or Vietnamese) must not change what "92,5" or "31/12/2026" means: each case runs with the
// locale of Intl and navigator stubbed both ways.
const locales = ['vi-VN', 'en-US'] as const;

const realNumberFormat = Intl.NumberFormat;
const realDateTimeFormat = Intl.DateTimeFormat;

/** The browser's language and Intl's default locale set to `locale` (navigator, Intl, toLocaleString). */
function stubLocale(locale: string) {
  vi.stubGlobal('navigator', { language: locale, languages: [locale] });
  const withLocale = <T extends object>(real: T) =>
    new Proxy(real, {
      construct: (target, args) => Reflect.construct(target as never, [locale, args[1]]),
      apply: (target, self, args) => Reflect.apply(target as never, self, [locale, args[1]]),
    });
  Intl.NumberFormat = withLocale(realNumberFormat);
  Intl.DateTimeFormat = withLocale(realDateTimeFormat);
  vi.spyOn(Number.prototype, 'toLocaleString').mockImplementation(function (this: number) {
    return new realNumberFormat(locale).format(this);
  });
}

afterEach(() => {
  Intl.NumberFormat = realNumberFormat;
  Intl.DateTimeFormat = realDateTimeFormat;
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe.each(locales)('typed numbers and dates with the browser in %s', (locale) => {
  it('runs with the stubbed locale', () => {
    stubLocale(locale);
    expect((globalThis as { navigator?: { language: string } }).navigator?.language).toBe(locale);
    expect(new Intl.NumberFormat().format(1234.5)).toBe(locale === 'vi-VN' ? '1.234,5' : '1,234.5');
  });

  it('reads numbers written the Vietnamese and the English way', () => {
    stubLocale(locale);
    expect(parseNumber('92,5')).toBe(92.5);
    expect(parseNumber('92.5')).toBe(92.5);
    expect(parseNumber('1.234,5')).toBe(1234.5);
    expect(parseNumber('1,234.5')).toBe(1234.5);
    expect(parseNumber(' 1 234,5 ')).toBe(1234.5);
    expect(parseNumber('-3,25')).toBe(-3.25);
    expect(parseNumber('0')).toBe(0);
    // One separator repeated is ambiguous (thousands or decimals?): refused, never guessed.
    expect(parseNumber('1.234.567')).toBeNull();
    expect(parseNumber('1,234,567')).toBeNull();
    expect(parseNumber('92,5%')).toBeNull();
    expect(parseNumber('abc')).toBeNull();
    expect(parseNumber('')).toBeNull();
    expect(parseNumber(',')).toBeNull();
  });

  it('reads the same numbers as the server parses figures', () => {
    stubLocale(locale);
    expect(parseValue('92,5', 'percent')).toEqual({ ok: true, cell: { num: 92.5, txt: null, na: false } });
    expect(parseValue('1.234,5', 'number')).toEqual({
      ok: true,
      cell: { num: 1234.5, txt: null, na: false },
    });
    expect(parseValue('1.234,5', 'percent').ok).toBe(false);
  });

  it('reads dates as dd/mm/yyyy (or yyyy-mm-dd), refusing days that do not exist', () => {
    stubLocale(locale);
    expect(parseDate('31/12/2026')).toBe('2026-12-31');
    expect(parseDate('1/7/2025')).toBe('2025-07-01');
    expect(parseDate('01-07-2025')).toBe('2025-07-01');
    expect(parseDate('2025-07-01')).toBe('2025-07-01');
    expect(parseDate('29/02/2024')).toBe('2024-02-29');
    // Day first always: 12/31/2026 (the English order) is not a date here.
    expect(parseDate('12/31/2026')).toBeNull();
    expect(parseDate('29/02/2025')).toBeNull();
    expect(parseDate('31/04/2026')).toBeNull();
    expect(parseDate('00/01/2026')).toBeNull();
    expect(parseDate('32/01/2026')).toBeNull();
    expect(parseDate('31/12/26')).toBeNull();
    expect(parseDate('hôm nay')).toBeNull();
    expect(parseValue('31/12/2026', 'date')).toEqual({
      ok: true,
      cell: { num: null, txt: '2026-12-31', na: false },
    });
    expect(parseValue('30/02/2026', 'date').ok).toBe(false);
  });

  it('reads months as mm/yyyy and shows them back the same way', () => {
    stubLocale(locale);
    expect(parseMonth('12/2026')).toBe('2026-12');
    expect(parseMonth('7/2025')).toBe('2025-07');
    expect(parseMonth('2025-07')).toBe('2025-07');
    expect(parseMonth('13/2026')).toBeNull();
    expect(parseMonth('0/2026')).toBeNull();
    expect(parseMonth('September 2026')).toBeNull();
    expect(parseMonth('12/26')).toBeNull();
    expect(monthText('2026-12')).toBe('12/2026');
    expect(monthText(parseMonth('12/2026'))).toBe('12/2026');
    expect(monthText('')).toBe('');
  });

  it('reads a date and time as dd/mm/yyyy hh:mm', () => {
    stubLocale(locale);
    expect(parseDateTime('31/12/2026 17:05')).toBe('2026-12-31T17:05');
    expect(parseDateTime('1/7/2025 8:00')).toBe('2025-07-01T08:00');
    expect(parseDateTime('31/12/2026')).toBe('2026-12-31T00:00');
    expect(parseDateTime('2026-12-31T17:05')).toBe('2026-12-31T17:05');
    expect(parseDateTime('31/12/2026 24:00')).toBeNull();
    expect(parseDateTime('31/12/2026 17:60')).toBeNull();
    expect(parseDateTime('31/02/2026 10:00')).toBeNull();
    expect(parseDateTime('12/31/2026 5:00 PM')).toBeNull();
  });
});
