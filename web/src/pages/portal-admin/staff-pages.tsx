import type { ReactNode } from 'react';
import { ModerationPage } from './ModerationPage.tsx';
import { PublicationPage } from './PublicationPage.tsx';

/** The staff side of the portal: /quan-ly-cong-khai (publication settings), /kiem-duyet-y-kien (moderation). */
export function staffPortalPage(path: string): ReactNode | null {
  if (/^\/quan-ly-cong-khai\/?$/.test(path)) return <PublicationPage />;
  if (/^\/kiem-duyet-y-kien\/?$/.test(path)) return <ModerationPage />;
  return null;
}
