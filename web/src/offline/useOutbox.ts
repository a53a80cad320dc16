import { useSyncExternalStore } from 'react';
import { type OutboxState, outbox } from './outbox.ts';

/** The offline queue's state (connection, sending, items), re-rendering on every change. */
export function useOutbox(): OutboxState {
  return useSyncExternalStore(outbox.subscribe, outbox.get, outbox.get);
}
