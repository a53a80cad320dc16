/** Sends a notice by e-mail to the address its owner gave, once (emailed_at records it). */
import type { Db } from '../db/database.ts';
import type { Mailer } from '../mail/mailer.ts';

const footer =
  '\n\n—\nThư tự động từ TieuChi. Xem và đánh dấu đã đọc tại mục Thông báo; đổi địa chỉ nhận thư tại đó.';

/** Sends notice `id` if its owner gave an address and it was not sent before; true when sent now. */
export async function mailNotice(db: Db, mailer: Mailer, id: number): Promise<boolean> {
  const [n] = await db.query<{
    title: string;
    body: string;
    email: string | null;
    emailed_at: string | null;
    file_name: string | null;
    content: Uint8Array | null;
  }>(
    `SELECT n.title, n.body, s.email, n.emailed_at, f.file_name, f.content
       FROM notifications n
       LEFT JOIN notification_settings s ON s.user_id = n.user_id
       LEFT JOIN report_files f ON f.id = n.report_id
      WHERE n.id = $1`,
    [id],
  );
  if (!n?.email || n.emailed_at) return false;
  await mailer.send({
    to: n.email,
    subject: `[TieuChi] ${n.title}`,
    text: `${n.body}${footer}`,
    attachments:
      n.file_name && n.content
        ? [
            {
              filename: n.file_name,
              content: Buffer.from(n.content),
              contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            },
          ]
        : undefined,
  });
  await db.query('UPDATE notifications SET emailed_at = now() WHERE id = $1', [id]);
  return true;
}
