import { type FormEvent, useId, useRef, useState } from 'react';
import { postForm, postJson, sendJson } from '../../api/client.ts';
import type { Res } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { FieldPhoto } from '../../offline/FieldPhoto.tsx';
import { FieldPlace } from '../../offline/FieldPlace.tsx';
import { ErrorBox } from '../../ui/Feedback.tsx';
import { FilePicker } from '../../ui/FilePicker.tsx';
import { refreshDossiers, useDossierWrite } from './mutations.ts';
import { type DossierStep, type EvidenceLink, evidenceUrl } from './types.ts';

type Linked = Res<'/evidence', 'post'>;

const accept =
  '.pdf,.png,.jpg,.jpeg,.docx,.xlsx,application/pdf,image/png,image/jpeg,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function size(bytes: number, num: (n: number, d?: number) => string): string {
  if (bytes < 1024) return `${num(bytes)} B`;
  if (bytes < 1024 * 1024) return `${num(bytes / 1024, 1)} KB`;
  return `${num(bytes / 1024 / 1024, 1)} MB`;
}

/**
 * The files linked to one indicator or document: name, type, size, preview (PDF, images) or
 * download; unlinking when the dossier's `change_evidence` step is open (`canUnlink`).
 */
export function EvidenceFiles({
  dossierId,
  links,
  canUnlink,
}: {
  dossierId: number;
  links: EvidenceLink[];
  canUnlink?: boolean;
}) {
  const { t, num } = useI18n();
  const [open, setOpen] = useState<number | null>(null);
  const unlink = useDossierWrite((linkId: number) => sendJson('DELETE', `/evidence/links/${linkId}`));
  if (links.length === 0) return <p className="muted small">{t('noEvidence')}</p>;
  return (
    <>
      <ul className="evidence-list">
        {links.map((l) => {
          const url = evidenceUrl(dossierId, l.sha256);
          const previewable = l.media_type === 'application/pdf' || l.media_type.startsWith('image/');
          return (
            <li key={l.link_id}>
              <span className="evidence-type">{l.file_type.toUpperCase()}</span>{' '}
              <a href={url} download={previewable ? undefined : l.file_name} target="_blank" rel="noreferrer">
                {l.file_name}
              </a>{' '}
              <span className="muted small">({size(l.size, num)})</span>{' '}
              {l.field && <FieldPlace field={l.field} />}
              {previewable && (
                <button
                  type="button"
                  className="btn btn-small btn-quiet"
                  aria-expanded={open === l.link_id}
                  onClick={() => setOpen(open === l.link_id ? null : l.link_id)}
                >
                  {open === l.link_id ? t('hidePreview') : t('preview')}
                </button>
              )}
              {canUnlink && (
                <button
                  type="button"
                  className="btn btn-small btn-quiet"
                  data-step="change_evidence"
                  disabled={unlink.isPending}
                  onClick={() => unlink.mutate(l.link_id)}
                >
                  {t('unlinkEvidence')}
                </button>
              )}
              {open === l.link_id && (
                <div className="evidence-preview">
                  {l.media_type.startsWith('image/') ? (
                    <img src={url} alt={t('previewOf', { name: l.file_name })} />
                  ) : (
                    <iframe src={url} title={t('previewOf', { name: l.file_name })} />
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {unlink.error && <ErrorBox error={unlink.error} />}
    </>
  );
}

/**
 * Uploads one or more files for an indicator (or a procedure/decision document), or reuses a
 * file already in the dossier. The server checks each file's type from its content.
 */
export function EvidenceUpload({
  dossierId,
  step = 'change_evidence',
  indicator,
  document,
  reusable,
  label,
}: {
  dossierId: number;
  /** The workflow step the upload takes (attaching a decision's documents is its own step). */
  step?: DossierStep;
  indicator?: string;
  document?: string;
  reusable: EvidenceLink[];
  label?: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  // a new key clears the picker (and the names it shows) after an upload or a refusal
  const [picked, setPicked] = useState(0);
  const [chosen, setChosen] = useState(0);
  const [reuse, setReuse] = useState('');
  const attach = useDossierWrite(async () => {
    const files = input.current?.files;
    let links: EvidenceLink[] = [];
    try {
      if (files && files.length > 0) {
        const form = new FormData();
        form.append('dossier_id', String(dossierId));
        for (const f of files) form.append('file', f, f.name);
        if (indicator) form.append('indicator', indicator);
        if (document) form.append('document', document);
        links = (await postForm<Linked>('/evidence', form)).evidence;
      }
      if (reuse) {
        const r = await postJson<Res<'/evidence/links', 'post'>>('/evidence/links', {
          dossier_id: dossierId,
          sha256: reuse,
          ...(indicator ? { indicator_codes: [indicator] } : { document }),
        });
        links = links.concat(r.evidence);
        setReuse('');
      }
      return links;
    } finally {
      // A new picker after an upload or a refusal (the error names each refused file): the next try starts afresh.
      setPicked((n) => n + 1);
      setChosen(0);
    }
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    attach.mutate();
  };
  const options = reusable.filter((r, i, all) => all.findIndex((o) => o.sha256 === r.sha256) === i);
  const form = (
    <form
      className="evidence-upload"
      onSubmit={submit}
      aria-label={label ?? t('uploadEvidence')}
      data-step={step}
    >
      <FilePicker
        key={picked}
        small
        multiple
        accept={accept}
        inputRef={input}
        buttonLabel={label ?? t('chooseFiles')}
        help={t('evidenceHelp')}
        onChange={(files) => setChosen(files.length)}
      />
      {options.length > 0 && (
        <label className="field" htmlFor={`${id}-r`}>
          <span className="field-label">{t('reuseEvidence')}</span>
          <select id={`${id}-r`} value={reuse} onChange={(e) => setReuse(e.target.value)}>
            <option value="">—</option>
            {options.map((o) => (
              <option key={o.sha256} value={o.sha256}>
                {o.file_name}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="submit" className="btn btn-small" disabled={attach.isPending || (chosen === 0 && !reuse)}>
        {attach.isPending ? t('saving') : t('attachEvidence')}
      </button>
      {attach.error && <ErrorBox error={attach.error} title={t('uploadFailed')} />}
    </form>
  );
  // Field work (issue 16): a phone photo with its place and time, sent now or when online.
  return indicator ? (
    <>
      {form}
      <FieldPhoto dossierId={dossierId} indicator={indicator} onSaved={() => void refreshDossiers()} />
    </>
  ) : (
    form
  );
}
