// Reads and writes of the notification centre (TanStack Query); shapes from the generated API types.
import { useMutation, useQuery } from '@tanstack/react-query';
import { getJson, sendJson } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import type { Res, Schema } from '../../api/types.ts';

export type Notice = Schema<'Notice'>;
export type NoticeList = Schema<'NoticeList'>;
export type Subscription = Schema<'ReportSubscription'>;
type Settings = Schema<'NoticeSettings'>;
type Subscriptions = Schema<'ReportSubscriptions'>;

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
      sendJson<Res<'/notifications/read', 'post'>>('POST', `${noticesPath}/read`, ids ? { ids } : {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [noticesPath] }),
  });
}

export function useNoticeSettings() {
  return useQuery({
    queryKey: [`${noticesPath}/settings`],
    queryFn: ({ signal }) => getJson<Settings>(`${noticesPath}/settings`, {}, signal),
  });
}

export function useSaveEmail() {
  return useMutation({
    mutationFn: (email: string | null) =>
      sendJson<Settings>('PUT', `${noticesPath}/settings`, {
        email,
      }),
    onSuccess: (data) => queryClient.setQueryData([`${noticesPath}/settings`], data),
  });
}

export function useSubscriptions(enabled = true) {
  return useQuery({
    queryKey: [subscriptionsPath],
    queryFn: ({ signal }) => getJson<Subscriptions>(subscriptionsPath, {}, signal),
    enabled,
  });
}

export function useSubscribe() {
  return useMutation({
    mutationFn: (unitCode: string) =>
      sendJson<Subscriptions>('POST', subscriptionsPath, { unit_code: unitCode }),
    onSuccess: (data) => queryClient.setQueryData([subscriptionsPath], data),
  });
}

export function useUnsubscribe() {
  return useMutation({
    mutationFn: (id: number) => sendJson<Subscriptions>('DELETE', `${subscriptionsPath}/${id}`),
    onSuccess: (data) => queryClient.setQueryData([subscriptionsPath], data),
  });
}
