// What the desk takes for a mail address, in one place: the mail intake, the sender policy, the
// loop checks and ticket creation (ticket/intake.ts) all ask normaliseAddress, so none of them
// accepts what another refuses. Zod-free (the workflow bundle uses it); the schema form is
// mail/addressSchema.ts.
// RFC 5321 §4.5.3.1: the longest local part, domain label and path a server must accept.
const MAX_LOCAL_PART = 64;
const MAX_ADDRESS = 254;
// RFC 5322 atext. Dots are allowed anywhere in the local part, also first, last or doubled:
// RFC 5322 forbids that, but such mailboxes exist (Japanese carriers issued `taro.@…` for
// years), mail reaches them (nodemailer quotes the local part), and a person wrote from one.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * The normal form of a mail address — trimmed, without angle brackets, lower case, without the
 * root dot of a fully qualified domain (`alice@corp.example.`) — or null when the value is not
 * an address mail can be sent to: no `@`, a domain without a dot (`MAILER-DAEMON`, `root@localhost`),
 * quoted or non-ASCII local parts, address literals, or longer than RFC 5321 allows.
 */
export function normaliseAddress(value: string | null | undefined): string | null {
  if (!value) return null;
  const bare = value.trim().replace(/^<(.*)>$/, '$1').trim().toLowerCase();
  const at = bare.lastIndexOf('@');
  if (at <= 0) return null;
  const local = bare.slice(0, at);
  const domain = bare.slice(at + 1).replace(/\.$/, '');
  if (local.length > MAX_LOCAL_PART || !LOCAL_PART.test(local) || /^\.+$/.test(local)) return null;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || !TOP_LEVEL.test(labels[labels.length - 1])) return null;
  const address = `${local}@${domain}`;
  return address.length <= MAX_ADDRESS ? address : null;
}

/** The local part of an address or of a bare mailbox name (`MAILER-DAEMON`), lower case. */
export function localPartOf(value: string): string {
  const bare = value.trim().replace(/^<(.*)>$/, '$1').trim().toLowerCase();
  const at = bare.lastIndexOf('@');
  return at < 0 ? bare : bare.slice(0, at);
}
