/**
 * The offline queue (hàng chờ gửi): figures, field photos and rulings entered without a
 * connection are kept in IndexedDB (survives reloads and browser restarts) with the time they
 * were entered, and sent in order when the connection returns. A figure changed on the server
 * meanwhile comes back as a conflict (409 VALUE_CONFLICT) and waits for the person to choose;
 * nothing is silently overwritten or dropped. Items belong to the account that entered them.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { ApiError, postForm, postJson } from '../api/client.ts';
import { queryClient } from '../api/query.ts';

interface Base {
  id?: number;
  /** Who entered it: only that account's session sends it. */
  username: string;
  /** ISO time it was entered on the device. */
  createdAt: string;
  status: 'pending' | 'conflict' | 'failed';
  error?: { code: string; message: string };
}

export interface QueuedValue extends Base {
  kind: 'value';
  unitCode: string;
  /** Measure id or `framework:code`, as the values API takes it. */
  indicator: string;
  /** The indicator code shown to people. */
  label: string;
  period: string;
  value: string;
  note?: string;
  /** The figure's `changed_at` the person saw (null: none yet). */
  basedOn: string | null;
}

export interface QueuedPhoto extends Base {
  kind: 'photo';
  dossierId: number;
  indicatorCodes: string[];
  file: Blob;
  fileName: string;
  lat: number | null;
  lng: number | null;
  positionSource: 'exif' | 'device' | null;
  takenAt: string | null;
  note: string;
}

export interface QueuedRuling extends Base {
  kind: 'ruling';
  dossierId: number;
  indicatorCode: string;
  verdict: 'pass' | 'fail' | 'conditional';
  publicComment: string;
  internalNote: string;
}

export type OutboxItem = QueuedValue | QueuedPhoto | QueuedRuling;
type NewItem = Omit<QueuedValue, keyof Base> | Omit<QueuedPhoto, keyof Base> | Omit<QueuedRuling, keyof Base>;

interface Schema extends DBSchema {
  outbox: { key: number; value: OutboxItem };
}

let dbPromise: Promise<IDBPDatabase<Schema>> | null = null;
const database = () => {
  dbPromise ??= openDB<Schema>('tieuchi-offline', 1, {
    upgrade(db) {
      db.createObjectStore('outbox', { keyPath: 'id', autoIncrement: true });
    },
  });
  return dbPromise;
};

export interface OutboxState {
  online: boolean;
  sending: boolean;
  items: OutboxItem[];
}

let state: OutboxState = {
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  sending: false,
  items: [],
};
const listeners = new Set<() => void>();
const set = (next: Partial<OutboxState>) => {
  state = { ...state, ...next };
  for (const l of listeners) l();
};

/** For useSyncExternalStore. */
export const outbox = {
  subscribe(fn: () => void) {
    listeners.add(fn);
    return () => {
      listeners.delete(fn);
    };
  },
  get: () => state,
};

async function reload(): Promise<void> {
  set({ items: await (await database()).getAll('outbox') });
}

/** Keeps an item on the device; sends it at once when online. */
export async function enqueue(
  item: NewItem,
  opts: { username: string; status?: OutboxItem['status'] },
): Promise<void> {
  const full = {
    ...item,
    username: opts.username,
    createdAt: new Date().toISOString(),
    status: opts.status ?? 'pending',
  } as OutboxItem;
  await (await database()).add('outbox', full);
  await reload();
  if (state.online && full.status === 'pending') void flush();
}

export async function removeItem(id: number): Promise<void> {
  await (await database()).delete('outbox', id);
  await reload();
}

/** Puts an item back in the queue, changed (a conflict resolved, a refusal corrected), and sends. */
export async function requeue(item: OutboxItem): Promise<void> {
  const { error: _error, ...rest } = item;
  await (await database()).put('outbox', { ...rest, status: 'pending' } as OutboxItem);
  await reload();
  if (state.online) void flush();
}

const isNetwork = (err: unknown) => err instanceof ApiError && (err.status === 0 || err.status >= 500);

/**
 * Whether the server can be reached, as learnt from the last request the outbox made: the
 * browser's `navigator.onLine` only knows a network is there (a village Wi-Fi with no line out
 * says "online"). A request that could not reach the server (no answer, or a proxy saying the
 * server is away) marks the device offline until one gets through or the browser goes online.
 */
function learnt(err: unknown | null): void {
  const away = err instanceof ApiError && (err.status === 0 || [502, 503, 504].includes(err.status));
  if (err === null && !state.online) set({ online: true });
  else if (away && state.online) set({ online: false });
}

async function send(item: OutboxItem): Promise<void> {
  if (item.kind === 'value')
    await postJson('/values', {
      values: [
        {
          unit_code: item.unitCode,
          indicator: item.indicator,
          period: item.period,
          value: item.value,
          ...(item.note ? { note: item.note } : {}),
          based_on: item.basedOn,
          entered_at: item.createdAt,
        },
      ],
    });
  else if (item.kind === 'photo') {
    const form = new FormData();
    form.append('dossier_id', String(item.dossierId));
    form.append('file', item.file, item.fileName);
    for (const c of item.indicatorCodes) form.append('indicator', c);
    if (item.lat !== null && item.lng !== null) {
      form.append('lat', String(item.lat));
      form.append('lng', String(item.lng));
      form.append('position_source', item.positionSource ?? 'device');
    }
    form.append('taken_at', item.takenAt ?? item.createdAt);
    if (item.note.trim()) form.append('field_note', item.note.trim());
    await postForm('/evidence', form);
  } else
    await postJson(`/dossiers/${item.dossierId}/rulings`, {
      indicator_code: item.indicatorCode,
      verdict: item.verdict,
      ...(item.publicComment.trim() ? { public_comment: item.publicComment.trim() } : {}),
      ...(item.internalNote.trim() ? { internal_note: item.internalNote.trim() } : {}),
    });
}

let currentUser: string | null = null;

/** The account whose items are sent (null: nobody logged in, nothing is sent). */
export function setOutboxUser(username: string | null): void {
  currentUser = username;
  if (username && state.online) void flush();
}

/**
 * Sends the current account's pending items in the order they were entered. Stops at the first
 * network failure (they stay pending); a conflict or a refusal marks that item and goes on.
 */
export async function flush(): Promise<void> {
  if (state.sending || !currentUser) return;
  await reload();
  const due = state.items.filter((i) => i.status === 'pending' && i.username === currentUser);
  if (due.length === 0) return;
  set({ sending: true });
  let sent = 0;
  try {
    for (const item of due) {
      try {
        await send(item);
        learnt(null);
        await (await database()).delete('outbox', item.id!);
        sent += 1;
      } catch (err) {
        learnt(err);
        if (isNetwork(err) || (err instanceof ApiError && err.status === 401)) break;
        const e = err instanceof ApiError ? err : new ApiError(0, 'CLIENT', String(err));
        await (await database()).put('outbox', {
          ...item,
          status: e.code === 'VALUE_CONFLICT' ? 'conflict' : 'failed',
          error: { code: e.code, message: e.message },
        });
      }
    }
  } finally {
    await reload();
    set({ sending: false });
    if (sent > 0) await queryClient.invalidateQueries();
  }
}

let started = false;

/** Follows the connection (browser events, what requests learn, and retries while items wait). */
export function startOutbox(): void {
  if (started || typeof window === 'undefined') return;
  started = true;
  window.addEventListener('online', () => {
    set({ online: true });
    void flush();
  });
  window.addEventListener('offline', () => set({ online: false }));
  // Items waiting are tried again every 30 s, every 5 s while the server was found away (a line
  // coming back raises no browser event when the browser never saw it go), and when the person
  // comes back to the app.
  let last = Date.now();
  const retry = (force: boolean) => {
    if (!navigator.onLine || !state.items.some((i) => i.status === 'pending')) return;
    if (!force && state.online && Date.now() - last < 30_000) return;
    last = Date.now();
    void flush();
  };
  window.setInterval(() => retry(false), 5_000);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') retry(true);
  });
  void reload();
}

/**
 * Saves one figure, photo or ruling entered by a person: straight to the server when possible;
 * kept on the device when offline (or the network fails); kept as a conflict when the figure
 * changed meanwhile. Other refusals are thrown for the form to show.
 */
export async function submitItem(item: NewItem, username: string): Promise<'saved' | 'queued' | 'conflict'> {
  if (!navigator.onLine) {
    await enqueue(item, { username });
    return 'queued';
  }
  try {
    await send({ ...item, username, createdAt: new Date().toISOString(), status: 'pending' } as OutboxItem);
    learnt(null);
    return 'saved';
  } catch (err) {
    learnt(err);
    if (isNetwork(err)) {
      await enqueue(item, { username });
      return 'queued';
    }
    if (err instanceof ApiError && err.code === 'VALUE_CONFLICT') {
      await enqueue(item, { username, status: 'conflict' });
      return 'conflict';
    }
    throw err;
  }
}
