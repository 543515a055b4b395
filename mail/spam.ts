// Mail the spam filter in front of the mailbox marked as spam: it opens no ticket and gets no
// answer, and goes to a folder of its own (mailboxes.yaml spamFolder). A sender gains nothing by
// writing these headers into their own mail: it only takes that mail out of the desk's way.

export type SpamReason = 'x-spam-flag' | 'x-spam-status' | 'x-spam';

export interface SpamHeaders {
  xSpamFlag: string | null;
  xSpamStatus: string | null;
  xSpam: string | null;
}

const YES = new Set(['yes', 'true', '1']);
const firstWord = (value: string | null) => (value ?? '').trim().split(/[\s,;]+/)[0].toLowerCase();

/**
 * The signs of spam: SpamAssassin's `X-Spam-Flag: YES` and `X-Spam-Status: Yes, score=…`,
 * and the `X-Spam: Yes` of Rspamd and others. Empty when the mail is not marked.
 */
export function spamReasons(h: SpamHeaders): SpamReason[] {
  const checks: Array<[SpamReason, boolean]> = [
    ['x-spam-flag', YES.has(firstWord(h.xSpamFlag))],
    ['x-spam-status', YES.has(firstWord(h.xSpamStatus))],
    ['x-spam', YES.has(firstWord(h.xSpam))],
  ];
  return checks.filter(([, found]) => found).map(([reason]) => reason);
}
