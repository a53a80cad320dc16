import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../api/query.ts';
import { type SessionInfo, useSession } from './session.tsx';

/**
 * What the caller may do on one unit (GET /api/session?unit=…), for showing only the controls
 * the server would accept. Undefined while loading or on error: show nothing that writes.
 */
export function useUnitAbilities(
  unit: string | undefined,
  opts: { framework?: string; date?: string } = {},
): Record<string, boolean> | undefined {
  const { session } = useSession();
  // Logging in or out empties the cache (session.tsx), so this asks again for the new user.
  const r = useQuery({
    ...apiQuery<SessionInfo>('/session', { unit, framework: opts.framework, date: opts.date }),
    enabled: Boolean(unit && session),
  });
  return r.data?.abilities;
}
