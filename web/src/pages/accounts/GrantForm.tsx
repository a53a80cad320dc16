import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { ApiError, postJson } from '../../api/client.ts';
import { apiQuery } from '../../api/query.ts';
import type { FrameworkDetail, UnitWithPath } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useFrameworks } from '../../selection/frameworks.ts';
import { UnitSearch } from '../../selection/UnitSearch.tsx';
import type { SessionGrant } from '../../session/session.tsx';
import { ErrorBox } from '../../ui/Feedback.tsx';
import { roleKey, roleList } from './grants.ts';

/**
 * Grants a role on a unit subtree: the role, the unit (searched by name) or every unit, and for
 * a department reviewer the framework and the criteria it reviews.
 */
export function GrantForm({ userId, onGranted }: { userId: number; onGranted(g: SessionGrant): void }) {
  const { t, lang } = useI18n();
  const id = useId();
  const [role, setRole] = useState<string>('commune_officer');
  const [unit, setUnit] = useState<{ code: string; name: string } | null>(null);
  const [everywhere, setEverywhere] = useState(false);
  const [framework, setFramework] = useState('');
  const [criteria, setCriteria] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [missingUnit, setMissingUnit] = useState(false);
  const [busy, setBusy] = useState(false);
  const reviewer = role === 'department_reviewer';
  const frameworks = useFrameworks();
  const definition = useQuery({
    ...apiQuery<{ framework: FrameworkDetail }>(`/frameworks/${encodeURIComponent(framework)}`),
    enabled: Boolean(reviewer && framework),
  });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!everywhere && !unit) {
      setMissingUnit(true);
      document.getElementById(`${id}-unit`)?.querySelector('input')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await postJson<{ grant: SessionGrant }>(`/users/${userId}/grants`, {
        role,
        unit_code: everywhere ? '*' : unit!.code,
        framework_id: reviewer && framework ? framework : null,
        criteria: reviewer && framework && criteria.length > 0 ? criteria : null,
      });
      setUnit(null);
      setCriteria([]);
      onGranted(r.grant);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err)));
    } finally {
      setBusy(false);
    }
  };

  const toggle = (no: string, on: boolean) =>
    setCriteria((c) => (on ? [...c, no] : c.filter((x) => x !== no)));

  return (
    <form className="grant-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('grantRole')}</h4>
      <label className="field">
        <span className="field-label">{t('accRole')}</span>
        <select name="role" value={role} onChange={(e) => setRole(e.target.value)}>
          {roleList.map((r) => (
            <option key={r} value={r}>
              {t(roleKey(r))}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="grant-unit" id={`${id}-unit`}>
        <legend className="field-label">{t('grantUnit')}</legend>
        <label className="check">
          <input type="checkbox" checked={everywhere} onChange={(e) => setEverywhere(e.target.checked)} />
          {t('grantAllUnits')}
        </label>
        {!everywhere && (
          <>
            <UnitSearch
              onPick={(u: UnitWithPath) => {
                setUnit({ code: u.code, name: u.name });
                setMissingUnit(false);
              }}
            />
            {unit && (
              <p className="grant-chosen" aria-live="polite">
                {t('grantChosenUnit', { name: unit.name, code: unit.code })}
              </p>
            )}
            {missingUnit && !unit && <p className="field-error">{t('grantChooseUnit')}</p>}
          </>
        )}
      </fieldset>
      {reviewer && (
        <>
          <label className="field">
            <span className="field-label">{t('grantFramework')}</span>
            <select
              name="framework"
              value={framework}
              onChange={(e) => {
                setFramework(e.target.value);
                setCriteria([]);
              }}
            >
              <option value="">{t('grantAnyFramework')}</option>
              {frameworks.data?.map((f) => (
                <option key={f.id} value={f.id}>
                  {(lang === 'en' && f.name_en) || f.name}
                </option>
              ))}
            </select>
          </label>
          {framework && definition.data && (
            <fieldset className="grant-criteria">
              <legend className="field-label">{t('grantCriteria')}</legend>
              <p className="field-help">{t('grantCriteriaHelp')}</p>
              <div className="criteria-choices">
                {definition.data.framework.definition.criteria.map((c) => (
                  <label key={c.no} className="check">
                    <input
                      type="checkbox"
                      name="criteria"
                      value={String(c.no)}
                      checked={criteria.includes(String(c.no))}
                      onChange={(e) => toggle(String(c.no), e.target.checked)}
                    />
                    {t('criterion', { no: String(c.no) })}: {c.name}
                  </label>
                ))}
              </div>
            </fieldset>
          )}
        </>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {t('grantSubmit')}
      </button>
      <div aria-live="polite">{error && <ErrorBox error={error} />}</div>
    </form>
  );
}
