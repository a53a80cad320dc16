import { ApiError, getJson } from '../../api/client.ts';
import { useApi } from '../../api/useApi.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/**
 * SURVEYS SECTION — filled by the satisfaction-survey feature (another branch), which serves
 * GET /api/public/units/{code}/surveys. Until it exists (404) or when it returns nothing, this
 * section says "chưa có kết quả khảo sát". The shape read here is a guess kept deliberately loose:
 * a list of { title, satisfied_pct, responses } under `surveys`; adjust when the feature lands.
 */
interface SurveyResult {
  id?: string | number;
  title?: string;
  name?: string;
  satisfied_pct?: number | null;
  responses?: number | null;
}

export function Surveys({ code }: { code: string }) {
  const { t, num } = useI18n();
  const s = useApi(`surveys|${code}`, (signal) =>
    getJson<{ surveys?: SurveyResult[] }>(
      `/public/units/${encodeURIComponent(code)}/surveys`,
      {},
      signal,
    ).catch((err: unknown) => {
      // No survey feature yet (404) or nothing published: shown as "no results".
      if (err instanceof ApiError && err.status === 404) return { surveys: [] };
      throw err;
    }),
  );
  const list = s.data?.surveys ?? [];
  return (
    <section className="card" aria-labelledby="portal-surveys" data-section="surveys">
      <h2 id="portal-surveys">{t('portalSurveys')}</h2>
      {(s.error || (s.data && list.length === 0)) && <p>{t('portalSurveysNone')}</p>}
      {list.length > 0 && (
        <ul className="plain-list">
          {list.map((r, i) => (
            <li key={r.id ?? i}>
              <strong>{r.title ?? r.name ?? ''}</strong>
              {typeof r.satisfied_pct === 'number' &&
                ` — ${t('portalSurveyRate', { pct: num(r.satisfied_pct, 1), n: r.responses ?? 0 })}`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
