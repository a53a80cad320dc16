import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { paths, pathTo } from '../../routes.ts';
import type { Holder, Plan, PlanView } from './types.ts';

/** The plan's holders under its root that have targets, with how many indicators each. */
export function PlanTree({ plan, holders, view }: { plan: Plan; holders: Holder[]; view: PlanView }) {
  const { t } = useI18n();
  const count = (code: string) => view.assignments.filter((a) => a.holder === code).length;
  const root = holders.find((h) => h.code === plan.root_code);
  const assigned = (h: Holder) => count(h.code) > 0;
  const kids = holders.filter((h) => h.parent_code === plan.root_code && assigned(h));
  return (
    <section className="card tg-tree" aria-labelledby="tg-tree">
      <h2 id="tg-tree">{t('tgTree')}</h2>
      <ul>
        <li>
          <Link to={pathTo(paths.targetHolder, { year: plan.year, code: plan.root_code })}>
            {root?.name ?? plan.root_code}
          </Link>{' '}
          <span className="muted">{t('tgIndicatorCount', { n: count(plan.root_code) })}</span>
          <ul>
            {kids.map((h) => (
              <li key={h.code}>
                <Link to={pathTo(paths.targetHolder, { year: plan.year, code: h.code })}>{h.name}</Link>
                {h.is_department && <span className="small muted"> ({t('tgDepartment')})</span>}{' '}
                <span className="muted">{t('tgIndicatorCount', { n: count(h.code) })}</span>
              </li>
            ))}
          </ul>
        </li>
      </ul>
    </section>
  );
}
