import { getJson } from '../api/client.ts';
import { useApi } from '../api/useApi.ts';
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
  // The session's user is part of the key: logging in or out asks again.
  const key =
    unit && session ? `${session.user?.id ?? '-'}|${unit}|${opts.framework ?? ''}|${opts.date ?? ''}` : null;
  const r = useApi(key, (signal) =>
    getJson<SessionInfo>('/session', { unit, framework: opts.framework, date: opts.date }, signal),
  );
  return r.data?.abilities;
}
