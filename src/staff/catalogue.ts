/**
 * The product catalogue (danh mục sản phẩm quy đổi): shared items set by an administrator, a
 * unit's own items proposed by someone working there and approved by its head.
 */
import { type Actor, isSystemAdmin, requireSystemAdmin } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { text } from '../text.ts';
import { actorPerson } from './access.ts';

export interface CatalogueItemInput {
  code: string;
  name: string;
  task_group: string;
  org_unit?: string | null;
  coefficient: number;
}

/** A catalogue item: shared (org_unit null) items are approved at creation by an administrator; a unit's own wait for its head. */
export async function proposeCatalogueItem(
  db: Db,
  opts: { actor: Actor; item: CatalogueItemInput },
): Promise<number> {
  const { actor, item } = opts;
  if (!(item.coefficient > 0))
    throw new AppError('INVALID_REQUEST', text('Hệ số quy đổi phải lớn hơn 0', 'coefficient must be > 0'), [
      { field: 'coefficient', value: String(item.coefficient), message: text('phải > 0', 'must be > 0') },
    ]);
  const shared = !item.org_unit;
  return db.transaction(async (tx) => {
    if (shared) requireSystemAdmin(actor, ['thêm danh mục dùng chung', 'add shared catalogue items']);
    else if (!isSystemAdmin(actor)) {
      // A unit's own items are proposed by someone working in that unit.
      const me = await actorPerson(tx, actor);
      if (me?.org_unit !== item.org_unit)
        throw new AppError(
          'FORBIDDEN',
          text(
            `Tài khoản ${actor.username} không đề xuất được danh mục cho đơn vị ${item.org_unit}`,
            `${actor.username} may not propose catalogue items for ${item.org_unit}`,
          ),
        );
    }
    const r = await tx.query<{ id: number }>(
      `INSERT INTO staff_catalogue (code, name, task_group, org_unit, coefficient, status, proposed_by, approved_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        item.code,
        item.name,
        item.task_group,
        item.org_unit ?? null,
        item.coefficient,
        shared ? 'approved' : 'proposed',
        actor.username,
        shared ? actor.username : null,
      ],
    );
    await recordEvent(tx, { type: 'staff.catalogue_proposed', actor, data: { ...item, id: r[0]!.id } });
    return r[0]!.id;
  });
}

/** The head of the unit (or an administrator) approves a unit-specific catalogue item. */
export async function approveCatalogueItem(db: Db, opts: { actor: Actor; id: number }): Promise<void> {
  const { actor, id } = opts;
  await db.transaction(async (tx) => {
    const item = (
      await tx.query<{ org_unit: string | null; status: string }>(
        'SELECT org_unit, status FROM staff_catalogue WHERE id = $1 FOR UPDATE',
        [id],
      )
    )[0];
    if (!item)
      throw new AppError(
        'NOT_FOUND',
        text(`Không có sản phẩm ${id} trong danh mục`, `no catalogue item ${id}`),
      );
    if (!isSystemAdmin(actor)) {
      const me = await actorPerson(tx, actor);
      if (!me?.is_head || me.org_unit !== item.org_unit)
        throw new AppError(
          'FORBIDDEN',
          text(
            'Chỉ thủ trưởng đơn vị được duyệt danh mục của đơn vị',
            "only the unit's head may approve its catalogue items",
          ),
        );
    }
    await tx.query(`UPDATE staff_catalogue SET status = 'approved', approved_by = $2 WHERE id = $1`, [
      id,
      actor.username,
    ]);
    await recordEvent(tx, { type: 'staff.catalogue_approved', actor, data: { id } });
  });
}

/** Shared items and the unit's own, each with whether the caller may approve it; and what the caller may propose. */
export async function listCatalogue(db: Db, opts: { actor: Actor; unit?: string }) {
  const { actor, unit } = opts;
  const admin = isSystemAdmin(actor);
  const me = await actorPerson(db, actor);
  const items = await db.query<{
    id: number;
    code: string;
    name: string;
    task_group: string;
    org_unit: string | null;
    coefficient: number;
    status: 'proposed' | 'approved';
  }>(
    `SELECT id, code, name, task_group, org_unit, coefficient::float8 AS coefficient, status FROM staff_catalogue
      WHERE org_unit IS NULL OR org_unit = $1 ORDER BY org_unit NULLS FIRST, code`,
    [unit ?? null],
  );
  return {
    items: items.map((i) => ({
      ...i,
      abilities: {
        approve: i.status === 'proposed' && (admin || (!!me?.is_head && me.org_unit === i.org_unit)),
      },
    })),
    abilities: { propose_shared: admin, propose_unit: !!unit && (admin || me?.org_unit === unit) },
  };
}
