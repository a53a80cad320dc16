import type { CriterionDef, IndicatorDef } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Sources } from './Sources.tsx';

/** One criterion's indicators as defined: type, unit, threshold in words, flags, department, sources. */
export function CriterionDefinition({ criterion: c }: { criterion: CriterionDef }) {
  const { t, lang } = useI18n();
  const hasDepartment = c.indicators.some((i) => i.department);
  const title =
    c.no !== ''
      ? `${t('criterion', { no: String(c.no) })}. ${(lang === 'en' && c.name_en) || c.name}`
      : c.name;
  return (
    <section className="card criterion" aria-label={title}>
      <h2 className="criterion-title">
        {title}
        {c.group && <span className="muted small"> · {t('fwGroup', { group: String(c.group) })}</span>}
      </h2>
      {c.note && <p className="small">{c.note}</p>}
      {c.indicators.length === 0 ? (
        <p>
          <span className="tag tag-missing">{t('fwRuleMissingMark')}</span>
        </p>
      ) : (
        <div className="table-wrap">
          <table className="indicators stack-on-phone">
            <thead>
              <tr>
                <th scope="col">{t('indicator')}</th>
                <th scope="col">{t('fwType')}</th>
                <th scope="col">{t('threshold')}</th>
                {hasDepartment && <th scope="col">{t('fwDepartment')}</th>}
              </tr>
            </thead>
            <tbody>
              {c.indicators.map((ind) => (
                <IndicatorDefRow key={ind.code ?? ind.name} ind={ind} department={hasDepartment} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {c.sources && c.sources.length > 0 && <Sources urls={c.sources} />}
    </section>
  );
}

function IndicatorDefRow({ ind, department }: { ind: IndicatorDef; department: boolean }) {
  const { t, lang, valueType } = useI18n();
  const missing = ind.rule_missing ?? (!ind.parts && (ind.rule === null || ind.rule === undefined));
  return (
    <tr>
      <th scope="row" data-label={t('indicator')}>
        {ind.code && <span className="ind-code">{ind.code}</span>}{' '}
        {(lang === 'en' && ind.name_en) || ind.name}
        {ind.parts && (
          <ul className="parts">
            {ind.parts.map((p) => (
              <li key={p.measure ?? p.name}>
                {p.name}:{' '}
                {p.threshold_text || <span className="tag tag-missing">{t('fwRuleMissingMark')}</span>}
              </li>
            ))}
          </ul>
        )}
        {ind.evidence && (
          <span className="block small muted">
            {t('fwEvidence')}: {ind.evidence}
          </span>
        )}
        {ind.note && <span className="block small">{ind.note}</span>}
        {ind.sources && ind.sources.length > 0 && <Sources urls={ind.sources} />}
      </th>
      <td data-label={t('fwType')}>
        {ind.type ? valueType(ind.type) : ''}
        {ind.unit ? ` (${ind.unit})` : ind.type === 'percent' ? ' (%)' : ''}
      </td>
      <td data-label={t('threshold')}>
        {ind.parts ? (
          ''
        ) : missing ? (
          <span className="tag tag-missing">{t('fwRuleMissingMark')}</span>
        ) : (
          ind.threshold_text
        )}
      </td>
      {department && <td data-label={t('fwDepartment')}>{ind.department ?? ''}</td>}
    </tr>
  );
}
