import type { Schema } from '../../api/types.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** Who acts next on a dossier, as the API says (schema `NextActor`, from src/dossiers/next-actor.ts). */
type NextActor = Schema<'NextActor'>;
/** "Chờ Sở Giao thông vận tải (tiêu chí 2) thẩm định": who acts next, in words. */
export function useNextActorText(): (next: NextActor, unitName: string) => string {
  const { t } = useI18n();
  return (next, unitName) => {
    switch (next.kind) {
      case 'commune': {
        const key =
          next.step === 'self_assess'
            ? 'nextCommuneSelf'
            : next.step === 'submit'
              ? 'nextCommuneSubmit'
              : 'nextCommuneRework';
        const text = t(key, { unit: unitName });
        return next.deadline ? `${text} (${t('homeDeadline', { date: formatDate(next.deadline) })})` : text;
      }
      case 'office':
        return t(
          next.step === 'start_appraisal'
            ? 'nextOfficeStart'
            : next.step === 'complete_appraisal'
              ? 'nextOfficeComplete'
              : 'nextOfficeDecide',
        );
      case 'departments': {
        const list = next.criteria
          .map((c) =>
            c.department
              ? t('nextDepartmentCriterion', { department: c.department, no: c.no })
              : t('nextCriterionOnly', { no: c.no }),
          )
          .join(', ');
        return t('nextDepartments', { list });
      }
      case 'council':
        return t('nextCouncil');
      default:
        return t('nextNone');
    }
  };
}
