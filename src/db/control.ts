/**
 * The running server's database, reached by commands on the same machine. A PGlite directory has
 * one owner (src/db/lock.ts); when the server owns it, `tieuchi values set`, `users set-password`,
 * `backup`… run their SQL through this socket inside the server's own PGlite, so nothing is written
 * by two processes and nothing the server answered is lost. The socket is a file only its owner
 * may open (mode 0600): the same protection as the data directory itself.
 *
 * Frames: 4-byte big-endian length + v8-serialized message (dates, big integers and bytes keep
 * their types). One connection is one command; a transaction it leaves open is rolled back when
 * it disconnects or stays silent for a minute.
 */
import { createHash } from 'node:crypto';
import { chmodSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { AppError, type InputIssue } from '../errors.ts';
import { copied } from './csv.ts';
import type { Db } from './database.ts';

type Request =
  | { id: number; op: 'query'; tx?: number; sql: string; params?: unknown[] }
  | { id: number; op: 'exec'; tx?: number; sql: string }
  | { id: number; op: 'copyFrom'; tx?: number; table: string; columns: string[]; csv: string }
  | { id: number; op: 'copyTo'; tx?: number; sql: string }
  | { id: number; op: 'begin' }
  | { id: number; op: 'commit' | 'rollback'; tx: number };

type WithoutId<R> = R extends unknown ? Omit<R, 'id'> : never;

type Reply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { message: string; code?: string; details?: InputIssue[] } };

/** Where the control socket of the server owning `dataDir` lives (short: socket paths are limited). */
export function controlSocketPath(dataDir: string): string {
  const hash = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16);
  return join(tmpdir(), `tieuchi-${hash}.sock`);
}

function framed(onMessage: (msg: unknown) => void): (chunk: Buffer) => void {
  let buf = Buffer.alloc(0);
  return (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    while (buf.length >= 4) {
      const len = buf.readUInt32BE(0);
      if (buf.length < 4 + len) break;
      const body = buf.subarray(4, 4 + len);
      buf = buf.subarray(4 + len);
      onMessage(deserialize(body));
    }
  };
}

function send(socket: Socket, msg: unknown): void {
  const body = serialize(msg);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length, 0);
  socket.write(Buffer.concat([head, body]));
}

class Rollback extends Error {}

/**
 * Serves `db` on the control socket of `dataDir`; resolves once listening. `afterWrite` runs in
 * this (the server's) process after each committed transaction or statement sent by a client, so
 * that the server drops what it cached (the client's own after-commit hooks run in the client).
 */
export async function serveControl(
  db: Db,
  dataDir: string,
  opts: { afterWrite?: () => void } = {},
): Promise<{ path: string; close(): Promise<void> }> {
  const path = controlSocketPath(dataDir);
  rmSync(path, { force: true });
  const server: Server = createServer((socket) => {
    const txs = new Map<number, { db: Db; finish(commit: boolean): Promise<void> }>();
    let nextTx = 1;
    let idle: NodeJS.Timeout | undefined;
    const touch = () => {
      clearTimeout(idle);
      if (txs.size > 0) idle = setTimeout(() => socket.destroy(), 60_000);
    };
    const target = (tx?: number): Db => {
      if (tx === undefined) return db;
      const t = txs.get(tx);
      if (!t) throw new Error(`no open transaction ${tx}`);
      return t.db;
    };
    const handle = async (req: Request): Promise<unknown> => {
      switch (req.op) {
        case 'query':
          return target(req.tx)
            .query(req.sql, req.params)
            .finally(() => req.tx ?? opts.afterWrite?.());
        case 'exec':
          return target(req.tx)
            .exec(req.sql)
            .finally(() => req.tx ?? opts.afterWrite?.());
        case 'copyFrom':
          return target(req.tx)
            .copyFrom(req.table, req.columns, req.csv)
            .finally(() => req.tx ?? opts.afterWrite?.());
        case 'copyTo':
          return target(req.tx).copyTo(req.sql);
        case 'begin': {
          const id = nextTx++;
          let done: (commit: boolean) => void = () => {};
          let opened: () => void = () => {};
          const isOpen = new Promise<void>((r) => {
            opened = r;
          });
          const settled = db
            .transaction(
              (tx) =>
                new Promise<void>((commit, rollback) => {
                  if (opts.afterWrite) tx.onCommit(opts.afterWrite);
                  done = (c) => (c ? commit() : rollback(new Rollback()));
                  txs.set(id, {
                    db: tx,
                    async finish(c) {
                      txs.delete(id);
                      done(c);
                      await settled;
                    },
                  });
                  opened();
                }),
            )
            .catch((err) => {
              if (!(err instanceof Rollback)) throw err;
            });
          await Promise.race([isOpen, settled]);
          return id;
        }
        case 'commit':
        case 'rollback': {
          const t = txs.get(req.tx);
          if (!t) throw new Error(`no open transaction ${req.tx}`);
          await t.finish(req.op === 'commit');
          return null;
        }
      }
    };
    socket.on(
      'data',
      framed((msg) => {
        const req = msg as Request;
        touch();
        handle(req).then(
          (result) => send(socket, { id: req.id, ok: true, result } satisfies Reply),
          (err: Error) =>
            send(socket, {
              id: req.id,
              ok: false,
              error: {
                message: err.message,
                code: err instanceof AppError ? err.code : (err as { code?: string }).code,
                details: err instanceof AppError ? err.details : undefined,
              },
            } satisfies Reply),
        );
      }),
    );
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(idle);
      for (const t of [...txs.values()]) void t.finish(false).catch(() => {});
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(path, () => ok());
  });
  chmodSync(path, 0o600);
  return {
    path,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        rmSync(path, { force: true });
      }),
  };
}

/** A Db whose statements run in the server that owns the data directory, through its socket. */
export async function connectControl(path: string): Promise<Db> {
  const socket = createConnection(path);
  await new Promise<void>((ok, fail) => {
    socket.once('connect', ok);
    socket.once('error', fail);
  });
  const pending = new Map<number, { ok(v: unknown): void; fail(e: Error): void }>();
  let nextId = 1;
  socket.on(
    'data',
    framed((msg) => {
      const reply = msg as Reply;
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (reply.ok) p.ok(reply.result);
      else {
        const e = reply.error;
        p.fail(
          e.code && e.details !== undefined
            ? new AppError(e.code, e.message, e.details)
            : Object.assign(new Error(e.message), { code: e.code }),
        );
      }
    }),
  );
  const lost = new Error('Mất kết nối tới máy chủ TieuChi');
  socket.on('close', () => {
    for (const p of pending.values()) p.fail(lost);
    pending.clear();
  });
  socket.on('error', () => {});
  const call = <T>(req: WithoutId<Request>): Promise<T> =>
    new Promise<T>((ok, fail) => {
      const id = nextId++;
      pending.set(id, { ok: ok as (v: unknown) => void, fail });
      send(socket, { ...req, id });
    });

  const make = (tx?: number, hooks: Array<() => void> = []): Db => {
    const db: Db = {
      kind: 'pglite',
      query: <T>(sql: string, params?: unknown[]) => call<T[]>({ op: 'query', tx, sql, params }),
      send: async (sql, params) => {
        await call({ op: 'query', tx, sql, params });
      },
      exec: (sql) => call<void>({ op: 'exec', tx, sql }),
      copyFrom: (table, columns, csv) => call<void>({ op: 'copyFrom', tx, table, columns, csv }),
      copyTo: async (sql, each) => copied(await call<string>({ op: 'copyTo', tx, sql }), each),
      async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
        if (tx !== undefined) return fn(db);
        const id = await call<number>({ op: 'begin' });
        const after: Array<() => void> = [];
        let result: T;
        try {
          result = await fn(make(id, after));
        } catch (err) {
          await call({ op: 'rollback', tx: id }).catch(() => {});
          throw err;
        }
        await call({ op: 'commit', tx: id });
        for (const h of after) h();
        return result;
      },
      onCommit(fn) {
        if (tx === undefined) fn();
        else hooks.push(fn);
      },
      async close() {
        if (tx === undefined) socket.end();
      },
    };
    return db;
  };
  return make();
}
