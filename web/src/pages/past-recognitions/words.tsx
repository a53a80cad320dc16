// How a past recognition reads, shared by the register page, the portal's recognition history and
// the home page: its title and year, signing authority, number and date (or "chưa rõ …").

import type { MessageKey } from '../../i18n/dict.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';

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
const inSentence = (name: string) => name.charAt(0).toLocaleLowerCase('vi') + name.slice(1);

/** The words of titles and predecessors in the page's language. */
export function usePastWords() {
  const { t } = useI18n();
  return {
    /** "Đạt chuẩn nông thôn mới nâng cao năm 2020". */
    title: (title: PastTitle, year: number | null) =>
      `${t(titleKeys[title])}${year ? ` ${t('pastYear', { year: String(year) })}` : ''}`,
    /** "Quyết định: 3352/QĐ-UBND · 03/08/2020", "Quyết định: chưa rõ số hiệu · chưa rõ ngày · lễ đón nhận 26/10/2017". */
    decision: (no: string | null, date: string | null, ceremony: string | null) =>
      t('pastDecision', {
        no: no ?? t('pastNoNumber'),
        date: date ? formatDate(date) : t('pastNoDate'),
      }) + (ceremony ? ` · ${t('pastCeremony', { date: formatDate(ceremony) })}` : ''),
    /** "(xã Phù Đổng cũ)", "(một phần xã Bát Tràng cũ)". */
    former: (name: string, partial = false) =>
      t(partial ? 'pastFormerPartial' : 'pastFormer', { name: inSentence(name) }),
  };
}

/** The number and date cells of a decision: "chưa rõ số hiệu", "chưa rõ ngày", the ceremony day. */
export function DecisionCells({
  no,
  date,
  ceremony,
}: {
  no: string | null;
  date: string | null;
  ceremony: string | null;
}) {
  const { t } = useI18n();
  return (
    <>
      <td data-label={t('portalDecisionNo')}>{no ?? <span className="muted">{t('pastNoNumber')}</span>}</td>
      <td data-label={t('portalDecisionDate')}>
        {date ? formatDate(date) : <span className="muted">{t('pastNoDate')}</span>}
        {ceremony && <div className="muted">{t('pastCeremony', { date: formatDate(ceremony) })}</div>}
      </td>
    </>
  );
}
