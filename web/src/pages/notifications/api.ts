// Reads and writes of the notification centre (TanStack Query). Shapes: /api/docs (Notice,
// NoticeList, NoticeSettings, ReportSubscriptions); to be replaced by the generated API types.
import { useMutation, useQuery } from '@tanstack/react-query';
import { getJson, sendJson } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';

export interface Notice {
  id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  report_id: number | null;
  created_at: string;
  read_at: string | null;
}

export interface NoticeList {
  unread: number;
  notices: Notice[];
}

export interface Subscription {
  id: number;
  unit_code: string;
  unit_name: string;
  created_at: string;
}

const noticesPath = '/notifications';
const subscriptionsPath = '/reports/subscriptions';

/** The caller's notices; `poll`: refresh every minute (the bell). */
export function useNotices(opts: { enabled: boolean; poll?: boolean; limit?: number }) {
  const query = { limit: opts.limit ?? 50 };
  return useQuery({
    queryKey: [noticesPath, query],
    queryFn: ({ signal }) => getJson<NoticeList>(noticesPath, query, signal),
    enabled: opts.enabled,
    refetchInterval: opts.poll ? 60_000 : false,
  });
}

export function useMarkRead() {
  return useMutation({
    mutationFn: (ids?: number[]) =>
      sendJson<{ marked: number }>('POST', `${noticesPath}/read`, ids ? { ids } : {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [noticesPath] }),
  });
}

export function useNoticeSettings() {
  return useQuery({
    queryKey: [`${noticesPath}/settings`],
    queryFn: ({ signal }) =>
      getJson<{ email: string | null; email_available: boolean }>(`${noticesPath}/settings`, {}, signal),
  });
}

export function useSaveEmail() {
  return useMutation({
    mutationFn: (email: string | null) =>
      sendJson<{ email: string | null; email_available: boolean }>('PUT', `${noticesPath}/settings`, {
        email,
      }),
    onSuccess: (data) => queryClient.setQueryData([`${noticesPath}/settings`], data),
  });
}

export function useSubscriptions(enabled = true) {
  return useQuery({
    queryKey: [subscriptionsPath],
    queryFn: ({ signal }) => getJson<{ subscriptions: Subscription[] }>(subscriptionsPath, {}, signal),
    enabled,
  });
}

export function useSubscribe() {
  return useMutation({
    mutationFn: (unitCode: string) =>
      sendJson<{ subscriptions: Subscription[] }>('POST', subscriptionsPath, { unit_code: unitCode }),
    onSuccess: (data) => queryClient.setQueryData([subscriptionsPath], data),
  });
}

export function useUnsubscribe() {
  return useMutation({
    mutationFn: (id: number) =>
      sendJson<{ subscriptions: Subscription[] }>('DELETE', `${subscriptionsPath}/${id}`),
    onSuccess: (data) => queryClient.setQueryData([subscriptionsPath], data),
  });
}
