import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiQuery } from '../api/query.ts';
import type { Res } from '../api/types.ts';
import { formatPeriod } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ErrorBox, Loading } from '../ui/Feedback.tsx';
import { Pager } from '../ui/Pager.tsx';

type ChangesPage = Res<'/imports/{id}/changes'>;
type Figure = ChangesPage['changes'][number]['new'];

const PAGE = 50;

/** Before confirming an upload: every figure it changes, old → new, 50 per page. */
export function ChangesPreview({ importId }: { importId: number }) {
  const { t, num, lang } = useI18n();
  const [offset, setOffset] = useState(0);
  const page = useQuery(apiQuery<ChangesPage>(`/imports/${importId}/changes`, { offset, limit: PAGE }));
  const show = (f: Figure | null, type: string | null, unit: string | null) => {
    if (!f) return t('previewNone');
    if (f.na) return t('notApplicableValue');
    if (f.num === null) return f.txt ?? '';
    if (type === 'boolean') return f.num ? t('yes') : t('no');
    return unit ? `${num(f.num, 4)}${unit === '%' ? '%' : ` ${unit}`}` : num(f.num, 4);
  };
  if (page.error) return <ErrorBox error={page.error} onRetry={page.refetch} />;
  if (!page.data) return <Loading />;
  const { total, changes } = page.data;
  if (total === 0) return null;
  const pager = <Pager offset={offset} limit={PAGE} total={total} onPage={setOffset} />;
  return (
    <div className="changes-preview">
      <h3>{t('previewTitle')}</h3>
      <p className="muted">
        {t('previewShown', { from: offset + 1, to: offset + changes.length, total: num(total) })}
      </p>
      <div className="table-wrap">
        <table className="changes">
          <thead>
            <tr>
              <th scope="col">{t('previewUnit')}</th>
              <th scope="col">{t('previewIndicator')}</th>
              <th scope="col">{t('previewPeriod')}</th>
              <th scope="col">{t('previewOld')}</th>
              <th scope="col">{t('previewNew')}</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c) => (
              <tr key={`${c.unit_code}|${c.indicator_code}|${c.period}|${c.framework_name ?? ''}`}>
                <td>
                  {c.unit_name ?? c.unit_code} <span className="muted">({c.unit_code})</span>
                </td>
                <td title={c.framework_name ?? undefined}>
                  <strong>{c.indicator_code}</strong> {c.measure_name}
                </td>
                <td>{formatPeriod(c.period, lang)}</td>
                <td>{show(c.old, c.measure_type, c.measure_unit)}</td>
                <td>
                  <strong>{show(c.new, c.measure_type, c.measure_unit)}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pager}
    </div>
  );
}
