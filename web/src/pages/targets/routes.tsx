import type { ReactNode } from 'react';
import { HolderPage } from './HolderPage.tsx';
import { PlanPage } from './PlanPage.tsx';
import { TargetsHome } from './TargetsHome.tsx';

/** /chi-tieu, /chi-tieu/{year}, /chi-tieu/{year}/don-vi/{code}; null for other paths. */
export function targetPage(path: string): ReactNode | null {
  if (/^\/chi-tieu\/?$/.test(path)) return <TargetsHome />;
  const plan = /^\/chi-tieu\/(\d{4})\/?$/.exec(path);
  if (plan?.[1]) return <PlanPage key={plan[1]} year={Number(plan[1])} />;
  const holder = /^\/chi-tieu\/(\d{4})\/don-vi\/([^/]+)\/?$/.exec(path);
  if (holder?.[1] && holder[2])
    return <HolderPage key={path} year={Number(holder[1])} code={decodeURIComponent(holder[2])} />;
  return null;
}
