/**
 * E-mail through SMTP (nodemailer). Optional: without TIEUCHI_SMTP_URL only in-app notices are
 * sent. Messages are Vietnamese UTF-8 (nodemailer encodes headers and bodies as needed).
 */
import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/**
 * The mailer configured by the environment, or null:
 * - TIEUCHI_SMTP_URL: smtp://user:password@host:587 (smtps:// for TLS from the start);
 * - TIEUCHI_MAIL_FROM: the sender, default "TieuChi <khong-tra-loi@localhost>".
 */
export function mailerFromEnv(env: NodeJS.ProcessEnv = process.env): Mailer | null {
  const url = env.TIEUCHI_SMTP_URL?.trim();
  if (!url) return null;
  return smtpMailer(url, env.TIEUCHI_MAIL_FROM?.trim() || 'TieuChi <khong-tra-loi@localhost>');
}

export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(m) {
      await transport.sendMail({
        from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        attachments: m.attachments,
      });
    },
    close() {
      transport.close();
    },
  };
}

/** Whether notices can also go by e-mail on this server. */
export function smtpConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.TIEUCHI_SMTP_URL?.trim());
}
