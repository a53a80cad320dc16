// How a past recognition reads: its title and signing authority in the page's language.
import type { MessageKey } from '../../i18n/dict.ts';

export type PastTitle = 'ntm' | 'ntm_nang_cao' | 'ntm_kieu_mau' | 'hoan_thanh_nhiem_vu';
export type PastAuthority = 'ubnd_tinh' | 'thu_tuong';

export const titleKeys: Record<PastTitle, MessageKey> = {
  ntm: 'pastTitleNtm',
  ntm_nang_cao: 'pastTitleNtmNangCao',
  ntm_kieu_mau: 'pastTitleNtmKieuMau',
  hoan_thanh_nhiem_vu: 'pastTitleHoanThanh',
};

export const authorityKeys: Record<PastAuthority, MessageKey> = {
  ubnd_tinh: 'pastAuthorityProvince',
  thu_tuong: 'pastAuthorityPm',
};

/** "xã Phù Đổng" from "Xã Phù Đổng": a unit's name inside a sentence. */
export const inSentence = (name: string) => name.charAt(0).toLocaleLowerCase('vi') + name.slice(1);
