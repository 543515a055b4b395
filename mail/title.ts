// A ticket's title from a mail. Pure and without zod: the mailbox workflow runs it, and what
// workflows import is evaluated again for each cached workflow (issue #10).
import { INTAKE_LIMITS } from '../ticket/intakeLimits';

/** A ticket title from a mail: its subject, else the first line of its text. */
export function titleFromMail(mail: { subject: string; text: string }): string {
  const subject = mail.subject.trim();
  if (subject) return subject.slice(0, INTAKE_LIMITS.title);
  const firstLine = mail.text.split('\n').find((l) => l.trim())?.trim() ?? '';
  return (firstLine.slice(0, 80) || '(无主题 / no subject)').slice(0, INTAKE_LIMITS.title);
}
