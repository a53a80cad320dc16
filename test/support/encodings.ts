import iconv from 'iconv-lite';

/**
 * Windows-1258 as Excel on a Vietnamese Windows writes it: base letters with their marks (ô, ư,
 * ă, đ, …) as single bytes, tone marks as combining characters after them.
 */
export function windows1258(s: string): Buffer {
  const tones = /[\u0300\u0301\u0303\u0309\u0323]/g;
  const spelled = [...s.normalize('NFC')]
    .map((ch) => {
      const d = ch.normalize('NFD');
      return d.replace(tones, '').normalize('NFC') + (d.match(tones) ?? []).join('');
    })
    .join('');
  return iconv.encode(spelled, 'windows-1258');
}
