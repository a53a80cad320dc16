import { describe, expect, it } from 'vitest';
import { en, vi } from '../web/src/i18n/dict.ts';
import { accountsEn, accountsVi } from '../web/src/i18n/dict-accounts.ts';
import { annexEn, annexVi } from '../web/src/i18n/dict-annex.ts';
import { completenessEn, completenessVi } from '../web/src/i18n/dict-completeness.ts';
import { dossiersEn, dossiersVi } from '../web/src/i18n/dict-dossiers.ts';
import { fieldEn, fieldVi } from '../web/src/i18n/dict-field.ts';
import { formsEn, formsVi } from '../web/src/i18n/dict-forms.ts';
import { homeEn, homeVi } from '../web/src/i18n/dict-home.ts';
import { pastEn, pastVi } from '../web/src/i18n/dict-past.ts';
import { portalEn, portalVi } from '../web/src/i18n/dict-portal.ts';
import { qualityEn, qualityVi } from '../web/src/i18n/dict-quality.ts';
import { staffEn, staffVi } from '../web/src/i18n/dict-staff.ts';
import { steerEn, steerVi } from '../web/src/i18n/dict-steer.ts';
import { surveysEn, surveysVi } from '../web/src/i18n/dict-surveys.ts';
import { targetsEn, targetsVi } from '../web/src/i18n/dict-targets.ts';

// Each feature's words are spread into one dictionary: a key used by two features would silently
// show one feature's words in the other (it happened: "Hoàn thành" became a moderation message).
const features: Record<string, [Record<string, string>, Record<string, string>]> = {
  accounts: [accountsVi, accountsEn],
  annex: [annexVi, annexEn],
  completeness: [completenessVi, completenessEn],
  dossiers: [dossiersVi, dossiersEn],
  field: [fieldVi, fieldEn],
  forms: [formsVi, formsEn],
  past: [pastVi, pastEn],
  home: [homeVi, homeEn],
  portal: [portalVi, portalEn],
  quality: [qualityVi, qualityEn],
  staff: [staffVi, staffEn],
  steer: [steerVi, steerEn],
  surveys: [surveysVi, surveysEn],
  targets: [targetsVi, targetsEn],
};

describe('UI dictionaries', () => {
  it('no key is defined by two features, and every feature word reaches the merged dictionary', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const [name, [fvi, fen]] of Object.entries(features)) {
      expect(Object.keys(fen).sort(), `${name}: English keys match Vietnamese keys`).toEqual(
        Object.keys(fvi).sort(),
      );
      for (const key of Object.keys(fvi)) {
        const before = owner.get(key);
        if (before) clashes.push(`${key}: ${before} and ${name}`);
        owner.set(key, name);
        expect((vi as Record<string, string>)[key], `${name}.${key} (vi)`).toBe(fvi[key]);
        expect((en as Record<string, string>)[key], `${name}.${key} (en)`).toBe(fen[key]);
      }
    }
    expect(clashes).toEqual([]);
  });
});
