import { useQuery } from '@tanstack/react-query';
import { getJson } from '../../api/client.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { unitHref } from '../../routes.ts';
import { dossierHref, type RevocationFlags } from './types.ts';

/**
 * The revocation watch (QĐ 18/2022) for a framework and period: recognised units and whether they
 * are flagged; `unit` = that unit only, `within` = the units of that subtree.
 */
export function useRevocationFlags(
  framework: string,
  period: string,
  where: { unit?: string; within?: string },
) {
  const q = { framework, period, ...where };
  return useQuery({
    queryKey: ['/dossiers/revocation-flags', q],
    queryFn: ({ signal }): Promise<RevocationFlags> =>
      getJson<RevocationFlags>('/dossiers/revocation-flags', q, signal).catch(
        // The watch is an addition to the page: when it cannot be read (no dossiers, no right), show nothing.
        () => ({ framework: { id: framework, version: 0 }, period, key_criteria: null, units: [] }),
      ),
  });
}

/**
 * A banner naming the recognised units whose figures for `period` put them into the revocation
 * conditions, each with the reason and a link to its unit page and dossier.
 */
export function RevocationBanner({
  flags,
  framework,
  unit,
}: {
  flags: RevocationFlags | undefined;
  framework: string;
  /** On a unit's own page: the banner speaks of that unit. */
  unit?: string;
}) {
  const { t } = useI18n();
  const flagged = flags?.units.filter((u) => u.flagged) ?? [];
  const period = flags?.period ?? '';
  if (flagged.length === 0) return null;
  return (
    <section className="alert alert-error revocation-banner" aria-labelledby="revocation-title">
      <h2 id="revocation-title" className="alert-title">
        <span aria-hidden="true">⚠ </span>
        {unit ? t('revocationUnitTitle') : t('revocationTitle', { count: flagged.length, period })}
      </h2>
      <ul>
        {flagged.map((f) => (
          <li key={`${f.unit.code}-${f.dossier_id}`}>
            {!unit && (
              <>
                <Link to={unitHref(f.unit.code, { framework, period })}>{f.unit.name ?? f.unit.code}</Link>
                {': '}
              </>
            )}
            {t('recognisedBy', {
              no: f.decision.no ?? '—',
              date: formatDate(f.decision.date),
              round: f.round,
            })}{' '}
            {f.reason} <Link to={dossierHref(f.dossier_id)}>{t('openDossier', { id: f.dossier_id })}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A small badge beside a unit's name in the scorecard. */
export function RevocationBadge() {
  const { t } = useI18n();
  return (
    <span className="revocation-badge" title={t('revocationBadgeTitle')}>
      <span aria-hidden="true">⚠ </span>
      {t('revocationBadge')}
    </span>
  );
}
