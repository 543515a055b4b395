// The mail that carries a sign-in link, in the person's language and the desk's time zone.
import type { OutboundMail } from '../../activities/mailer';
import type { LoadedConfig } from '../../config/load';
import { formatDeskTime } from '../deskTime';
import { translator, type Lang } from '../i18n';

export function signInMail(input: { config: LoadedConfig; to: string; url: string; nonce: string; expiresAt: string; lang: Lang; timeZone: string }): OutboundMail {
  const { config } = input;
  const t = translator(input.lang);
  const desk = config.desk.name;
  return {
    from: `${config.desk.fromName} <${config.desk.fromAddress}>`,
    to: [input.to],
    subject: t('mail.signin.subject', { desk }),
    text: t('mail.signin.body', { desk, url: input.url, expires: formatDeskTime(input.expiresAt, input.timeZone), zone: input.timeZone }),
    messageId: `<signin.${input.nonce}@${config.mail.messageIdDomain}>`,
    headers: { 'X-Auto-Response-Suppress': 'All' },
  };
}
