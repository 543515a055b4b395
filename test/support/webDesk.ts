// Helpers for web tests against a real test desk: sign a person in through the mail link the
// desk sends to the SMTP sink, as a browser would.
import { readFileSync } from 'node:fs';
import type { TestDesk } from './testDesk';
import { signInPathOf, WebClient } from './webClient';

export function webClientFor(desk: TestDesk, headers: Record<string, string> = {}): WebClient {
  return new WebClient((path, init) => fetch(`${desk.url}${path}`, init), headers);
}

/** The path of the newest sign-in link mailed to `email` after `since` (ms). */
export async function signInLinkFor(desk: TestDesk, email: string, since: number): Promise<string> {
  const mail = await desk.smtp.waitFor((m) => m.envelope.rcptTo.includes(email) && m.receivedAt.getTime() >= since && /signin\./.test(m.messageId ?? ''), 15_000);
  return signInPathOf(mail.parsed.text ?? '');
}

export async function signIn(desk: TestDesk, email: string, headers: Record<string, string> = {}): Promise<WebClient> {
  const client = webClientFor(desk, headers);
  const since = Date.now() - 5;
  await client.get('/portal/signin');
  const asked = await client.post('/portal/signin', { email });
  if (asked.status !== 200) throw new Error(`sign-in for ${email} answered ${asked.status}`);
  const path = await signInLinkFor(desk, email, since);
  await client.get(path);
  const done = await client.post(path, {});
  if (done.status !== 303) throw new Error(`sign-in link for ${email} answered ${done.status}`);
  return client;
}

/** The shipped routing, except that service-desk tickets wait in the unassigned queue. */
export function withoutAutoAssignment(): string {
  const line = '  service-desk: { strategy: round-robin, members: [{ id: li.na }, { id: zhao.lei }] }\n';
  const text = readFileSync('config/routing.yaml', 'utf8');
  if (!text.includes(line)) throw new Error('routing.yaml changed: update withoutAutoAssignment()');
  return text.replace(line, '');
}
