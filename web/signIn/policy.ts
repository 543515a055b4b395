// Who may sign in with a mail link, and as what. Staff are the members of groups.yaml: agents,
// or admins when auth.yaml gives their member id an admin token (the role their API token has);
// everyone else signs in as a requester only where mail intake
// would take their mail: the same domains and allow/deny patterns (mail/senderPolicy.ts).
// Pure: the config is handed in.
import type { LoadedConfig } from '../../config/load';
import { findPerson } from '../../config/schema/directory';
import { allowedDomainsOf } from '../../config/schema/mailboxes';
import { decideSender } from '../../mail/senderPolicy';
import type { Principal } from '../../api/auth';

export type SignInDecision =
  | { allowed: true; principal: Principal; email: string }
  | { allowed: false; reason: 'invalid-address' | 'refused-by-sender-policy' };

type PolicyConfig = Pick<LoadedConfig, 'groups' | 'mailboxes' | 'desk' | 'directory' | 'auth'>;

export function decideSignIn(config: PolicyConfig, address: string): SignInDecision {
  const email = address.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 320) return { allowed: false, reason: 'invalid-address' };

  const member = Object.values(config.groups.groups)
    .flatMap((g) => g.members)
    .find((m) => m.email.toLowerCase() === email);
  if (member) {
    const admin = config.auth.tokens.some((t) => t.role === 'admin' && t.subject === member.id);
    return { allowed: true, email, principal: { role: admin ? 'admin' : 'agent', subject: member.id, name: member.name } };
  }

  // Each mailbox has its own sender policy; a person any of them would take may sign in. A desk
  // without mailboxes takes the organisation's domains (or the desk's own), as mail intake would.
  const file = config.mailboxes;
  const policies = file.mailboxes.length
    ? file.mailboxes.map((m) => ({ allowDomains: allowedDomainsOf(m, file, config.desk.fromAddress), denyPatterns: m.denyPatterns, allowPatterns: m.allowPatterns }))
    : [{ allowDomains: file.organisationDomains.length ? file.organisationDomains : [config.desk.fromAddress.split('@')[1].toLowerCase()] }];
  if (!policies.some((policy) => decideSender(email, policy).allowed)) return { allowed: false, reason: 'refused-by-sender-policy' };
  const person = findPerson(config.directory, email);
  return { allowed: true, email, principal: { role: 'requester', subject: email, name: person?.name ?? email } };
}

/** The directory's language for this person, if it names one. */
export function directoryLanguage(config: Pick<LoadedConfig, 'directory'>, email: string): 'zh-CN' | 'en' | undefined {
  return findPerson(config.directory, email)?.language;
}
