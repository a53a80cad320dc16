import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, prepared } from '../src/db/database.ts';
import { dryRun } from '../src/db/dry-run.ts';
import { testDatabases } from './support/databases.ts';
import { openTestDb } from './support/db.ts';

/**
 * Statements sent without waiting for their answers (`Db.send`; on PostgreSQL pipelined behind
 * the transaction's next statement or its COMMIT): they run in order, their error is the one
 * raised, and a transaction with a failed one stores nothing.
 */
describe.each(testDatabases())('statements sent unanswered on $name', (target) => {
  let db: Db;
  const insert = prepared('INSERT INTO send_check (id, note) VALUES ($1, $2)');
  const stored = async () =>
    (await db.query<{ id: number; note: string }>('SELECT id, note FROM send_check ORDER BY id')).map(
      (r) => `${r.id}:${r.note}`,
    );

  beforeAll(async () => {
    db = await openTestDb(target, 'db_send');
    await db.exec('CREATE TABLE send_check (id int PRIMARY KEY, note text NOT NULL)');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('runs sent writes in order with the statements around them, a COPY included', async () => {
    await db.exec('DELETE FROM send_check');
    const seen = await db.transaction(async (tx) => {
      await tx.send(insert, [1, 'một']);
      await tx.send('UPDATE send_check SET note = $2 WHERE id = $1', [1, 'một (sửa)']);
      await tx.copyFrom('send_check', ['id', 'note'], '2,hai\n');
      await tx.send(insert, [3, 'ba']);
      return tx.query<{ n: number }>('SELECT count(*)::int AS n FROM send_check');
    });
    expect(seen[0]!.n).toBe(3);
    expect(await stored()).toEqual(['1:một (sửa)', '2:hai', '3:ba']);
  });

  it("raises a failed write's own error at the next statement, and stores nothing of the transaction", async () => {
    await db.exec('DELETE FROM send_check');
    await db.query(insert, [1, 'có sẵn']);
    const failed = db.transaction(async (tx) => {
      await tx.send(insert, [2, 'mới']);
      await tx.send(insert, [1, 'trùng khóa']);
      await tx.query('SELECT 1');
      throw new Error('not reached: the duplicate key is raised by the SELECT');
    });
    await expect(failed).rejects.toMatchObject({ code: '23505' });
    expect(await stored()).toEqual(['1:có sẵn']);
  });

  it('raises a failed last write when the transaction commits, and stores nothing of it', async () => {
    await db.exec('DELETE FROM send_check');
    await db.query(insert, [1, 'có sẵn']);
    const failed = db.transaction(async (tx) => {
      await tx.send(insert, [2, 'mới']);
      await tx.send(insert, [1, 'trùng khóa']);
    });
    await expect(failed).rejects.toMatchObject({ code: '23505' });
    expect(await stored()).toEqual(['1:có sẵn']);
    // The connection went back to the pool in a usable state: the next transactions commit.
    for (let i = 0; i < 12; i++) await db.transaction((tx) => tx.send(insert, [10 + i, `lần ${i}`]));
    expect(await stored()).toHaveLength(13);
  });

  it('rolls back sent writes when the code after them fails', async () => {
    await db.exec('DELETE FROM send_check');
    const failed = db.transaction(async (tx) => {
      await tx.send(insert, [1, 'mới']);
      throw new Error('bỏ giữa chừng');
    });
    await expect(failed).rejects.toThrow('bỏ giữa chừng');
    expect(await stored()).toEqual([]);
  });

  it("raises a failed write's error rather than the error of the code after it (a dry run's rollback)", async () => {
    await db.exec('DELETE FROM send_check');
    await db.query(insert, [1, 'có sẵn']);
    const preview = dryRun(db, async (tx) => {
      await tx.send(insert, [1, 'trùng khóa']);
      return 'xem trước';
    });
    await expect(preview).rejects.toMatchObject({ code: '23505' });
    expect(await stored()).toEqual(['1:có sẵn']);
  });

  it.skipIf(target.name !== 'postgres')('runs PostgreSQL sessions without JIT compilation', async () => {
    const [row] = await db.query<{ jit: string }>('SHOW jit');
    expect(row!.jit).toBe('off');
    const [inTx] = await db.transaction((tx) => tx.query<{ jit: string }>('SHOW jit'));
    expect(inTx!.jit).toBe('off');
  });

  it('raises at once outside a transaction', async () => {
    await db.exec('DELETE FROM send_check');
    await db.send(insert, [1, 'một']);
    await expect(db.send(insert, [1, 'trùng'])).rejects.toMatchObject({ code: '23505' });
    expect(await stored()).toEqual(['1:một']);
  });
});
