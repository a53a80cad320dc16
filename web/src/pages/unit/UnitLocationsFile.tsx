import { useMutation } from '@tanstack/react-query';
import { useRef } from 'react';
import { postForm } from '../../api/client.ts';
import { invalidatePaths } from '../../api/query.ts';
import type { Res } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorBox, Notice } from '../../ui/Feedback.tsx';
import { FilePicker } from '../../ui/FilePicker.tsx';

type Report = Res<'/units/locations', 'post'>;

/**
 * The offices of many units at once, from a CSV/.xlsx file (Mã đơn vị, Vĩ độ, Kinh độ, Nguồn),
 * for an administrator on the page of a unit with units below it: every bad row is named by
 * its line and column and nothing is saved; otherwise how many locations changed.
 */
export function UnitLocationsFile() {
  const { t } = useI18n();
  const fileRef = useRef<HTMLInputElement>(null);
  const upload = useMutation({
    mutationFn: () => {
      const form = new FormData();
      const file = fileRef.current?.files?.[0];
      if (file) form.set('file', file);
      return postForm<Report>('/units/locations', form);
    },
    onSuccess: () => invalidatePaths('/units'),
  });
  return (
    <section className="card" aria-labelledby="unit-locations-file">
      <h2 id="unit-locations-file">{t('locFileTitle')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          upload.mutate();
        }}
      >
        <FilePicker
          label={t('locFileField')}
          help={t('locFileHelp')}
          accept=".csv,.xlsx"
          inputRef={fileRef}
          required
        />
        {upload.error && <ErrorBox error={upload.error} />}
        {upload.data && (
          <Notice kind="success">
            {t('locFileDone', { changed: upload.data.changed, unchanged: upload.data.unchanged })}
          </Notice>
        )}
        <button type="submit" className="btn btn-primary" disabled={upload.isPending}>
          {t('locFileSend')}
        </button>
      </form>
    </section>
  );
}
