import { type FormEvent, useState } from 'react';
import type { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Breadcrumbs } from '../../ui/Breadcrumbs.tsx';
import { ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { parseNumber } from '../../ui/NumberInput.tsx';
import { TextField } from '../../ui/TextField.tsx';
import {
  asApiError,
  type Catalogue,
  type CatalogueItem,
  taskGroupName,
  taskGroups,
  useOrg,
  useStaffRead,
  useStaffWrite,
} from './api.ts';

const asError = asApiError;

/** Danh mục sản phẩm quy đổi: shared items and the unit's own; the unit proposes, its head approves. */
export function CataloguePage({ unit }: { unit: string }) {
  const { t } = useI18n();
  const write = useStaffWrite();
  const org = useOrg();
  const { data, error, refetch } = useStaffRead<Catalogue>(
    `/staff/catalogue?unit=${encodeURIComponent(unit)}`,
  );
  const [actionError, setActionError] = useState<ApiError | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  if (error) return <ErrorBox error={asApiError(error)} onRetry={() => void refetch()} />;
  if (!data) return <Loading />;
  const approveItem = async (item: CatalogueItem) => {
    try {
      await write.mutateAsync({ path: `/staff/catalogue/${item.id}/approve`, body: {} });
      setNotice(t('staffCatApproved', { name: item.name }));
      setActionError(undefined);
    } catch (err) {
      setActionError(asError(err));
    }
  };
  return (
    <>
      <Breadcrumbs
        items={[{ label: t('navStaff'), to: '/danh-gia-can-bo' }, { label: t('staffCatTitle') }]}
      />
      <h1 className="page-title">
        {t('staffCatTitle')} — {org.nameOf(unit)}
      </h1>
      <p className="lead">{t('staffCatIntro')}</p>
      {actionError && <ErrorBox error={actionError} />}
      {notice && (
        <div className="alert alert-success" role="status">
          {notice}
        </div>
      )}
      <section className="card">
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('staffCatCode')}</th>
                <th scope="col">{t('staffCatName')}</th>
                <th scope="col">{t('staffCatGroup')}</th>
                <th scope="col">{t('staffCatCoefficient')}</th>
                <th scope="col">{t('staffCatScope')}</th>
                <th scope="col">{t('staffState')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((i) => (
                <tr key={i.id}>
                  <td>{i.code}</td>
                  <td>{i.name}</td>
                  <td>{taskGroupName(t, i.task_group)}</td>
                  <td>{i.coefficient.toLocaleString('vi-VN')}</td>
                  <td>{i.org_unit ? org.nameOf(i.org_unit) : t('staffCatShared')}</td>
                  <td>
                    {i.status === 'approved' ? t('staffCatStatusApproved') : t('staffCatStatusProposed')}
                    {i.abilities.approve && (
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-label={t('staffCatApproveItem', { name: i.name })}
                        onClick={() => approveItem(i)}
                      >
                        {t('staffCatApprove')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {(data.abilities.propose_unit || data.abilities.propose_shared) && (
        <ProposeForm unit={unit} unitName={org.nameOf(unit)} abilities={data.abilities} />
      )}
    </>
  );
}

function ProposeForm({
  unit,
  unitName,
  abilities,
}: {
  unit: string;
  unitName: string;
  abilities: Catalogue['abilities'];
}) {
  const { t } = useI18n();
  const write = useStaffWrite();
  const [form, setForm] = useState({
    code: '',
    name: '',
    task_group: 'chuyen_mon',
    coefficient: '1',
    scope: abilities.propose_unit ? unit : '',
  });
  const [error, setError] = useState<ApiError | undefined>(undefined);
  // The product last proposed (the message names it; cleared when the next is sent).
  const [proposed, setProposed] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const sent = form;
    setProposed(null);
    try {
      await write.mutateAsync({
        path: '/staff/catalogue',
        body: {
          code: sent.code,
          name: sent.name,
          task_group: sent.task_group,
          org_unit: sent.scope || null,
          coefficient: parseNumber(sent.coefficient),
        },
      });
      setProposed(sent.name);
      setError(undefined);
      // What was sent is cleared for the next proposal; what was typed meanwhile is kept.
      setForm((f) => ({
        ...f,
        code: f.code === sent.code ? '' : f.code,
        name: f.name === sent.name ? '' : f.name,
      }));
    } catch (err) {
      setError(asError(err));
    }
  };
  const field = (key: 'code' | 'name' | 'coefficient', label: string) => (
    <TextField
      id={`cat-${key}`}
      label={label}
      value={form[key]}
      type={key === 'coefficient' ? 'number' : 'text'}
      // From the previous state: fields filled in quick succession must not overwrite each other.
      onValue={(value) => setForm((f) => ({ ...f, [key]: value }))}
    />
  );
  return (
    <form className="card" onSubmit={submit} aria-labelledby="cat-propose">
      <h2 id="cat-propose">{t('staffCatPropose')}</h2>
      <p className="field-help">{t('staffCatProposeHelp')}</p>
      {error && <ErrorBox error={error} />}
      {proposed !== null && (
        <p className="alert alert-success" role="status">
          {t('staffCatProposed', { name: proposed })}
        </p>
      )}
      {field('code', t('staffCatCode'))}
      {field('name', t('staffCatName'))}
      <div className="field">
        <label className="field-label" htmlFor="cat-task_group">
          {t('staffCatGroup')}
        </label>
        <select
          id="cat-task_group"
          value={form.task_group}
          onChange={(e) => {
            const value = e.target.value;
            setForm((f) => ({ ...f, task_group: value }));
          }}
        >
          {taskGroups.map((g) => (
            <option key={g} value={g}>
              {taskGroupName(t, g)}
            </option>
          ))}
        </select>
      </div>
      {field('coefficient', t('staffCatCoefficient'))}
      <div className="field">
        <label className="field-label" htmlFor="cat-scope">
          {t('staffCatScope')}
        </label>
        <select
          id="cat-scope"
          value={form.scope}
          onChange={(e) => {
            const value = e.target.value;
            setForm((f) => ({ ...f, scope: value }));
          }}
        >
          {abilities.propose_unit && <option value={unit}>{unitName}</option>}
          {abilities.propose_shared && <option value="">{t('staffCatShared')}</option>}
        </select>
      </div>
      <button type="submit" className="btn btn-primary" disabled={write.isPending}>
        {t('staffCatPropose')}
      </button>
    </form>
  );
}
