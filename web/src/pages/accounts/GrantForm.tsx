import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { apiQuery } from '../../api/query.ts';
import type { Body, FrameworkDetail, Res } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useFrameworks } from '../../selection/frameworks.ts';
import { UnitPicker } from '../../selection/UnitPicker.tsx';
import type { SessionGrant } from '../../session/session.tsx';
import { ErrorBox } from '../../ui/Feedback.tsx';
import { roleKey, roleList } from './grants.ts';
import { useUserWrite } from './write.ts';

type Role = Body<'/users/{id}/grants'>['role'];

/**
 * Grants a role on a unit subtree: the role, the unit (searched by name) or every unit, and for
 * a department reviewer the framework and the criteria it reviews.
 */
export function GrantForm({ userId, onGranted }: { userId: number; onGranted(g: SessionGrant): void }) {
  const { t, lang } = useI18n();
  const id = useId();
  const [role, setRole] = useState<Role>('commune_officer');
  // The chosen unit's code ('' for none), picked by name (UnitPicker).
  const [unit, setUnit] = useState('');
  const [everywhere, setEverywhere] = useState(false);
  const [framework, setFramework] = useState('');
  const [criteria, setCriteria] = useState<string[]>([]);
  const [missingUnit, setMissingUnit] = useState(false);
  const grant = useUserWrite<Res<'/users/{id}/grants', 'post'>>();
  const reviewer = role === 'department_reviewer';
  const frameworks = useFrameworks();
  const definition = useQuery({
    ...apiQuery<{ framework: FrameworkDetail }>(`/frameworks/${encodeURIComponent(framework)}`),
    enabled: Boolean(reviewer && framework),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!everywhere && !unit) {
      setMissingUnit(true);
      document.getElementById(`${id}-unit`)?.querySelector<HTMLInputElement>('input[type="search"]')?.focus();
      return;
    }
    const body: Body<'/users/{id}/grants'> = {
      role,
      unit_code: everywhere ? '*' : unit,
      framework_id: reviewer && framework ? framework : null,
      criteria: reviewer && framework && criteria.length > 0 ? criteria : null,
    };
    grant.mutate(
      { path: `/users/${userId}/grants`, body },
      {
        onSuccess: (r) => {
          setUnit('');
          setCriteria([]);
          onGranted(r.grant);
        },
      },
    );
  };

  const toggle = (no: string, on: boolean) =>
    setCriteria((c) => (on ? [...c, no] : c.filter((x) => x !== no)));

  return (
    <form className="grant-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('grantRole')}</h4>
      <label className="field">
        <span className="field-label">{t('accRole')}</span>
        <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
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
            <UnitPicker
              value={unit}
              onValue={(code) => {
                setUnit(code);
                setMissingUnit(false);
              }}
            />
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
      <button type="submit" className="btn btn-primary" disabled={grant.isPending}>
        {t('grantSubmit')}
      </button>
      <div aria-live="polite">{grant.error && <ErrorBox error={grant.error} />}</div>
    </form>
  );
}
