// Who may open a ticket by mail. By default only the organisation's own domains; admins add
// outside senders by pattern and block senders by pattern (a block always wins).
import { z } from 'zod';
import { normaliseAddress } from './address';
import { firstMatchingPattern } from './addressPattern';

export const SenderPolicySchema = z
  .object({
    /** exact domains (no subdomains: list those or use a pattern such as `*.corp.example`) */
    allowDomains: z.array(z.string().min(1)),
    denyPatterns: z.array(z.string().min(1)).default([]),
    allowPatterns: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type SenderPolicy = z.input<typeof SenderPolicySchema>;

export type SenderDecision =
  | { allowed: false; reason: 'invalid-address' }
  | { allowed: false; reason: 'deny-pattern'; pattern: string }
  | { allowed: true; reason: 'allow-pattern'; pattern: string }
  | { allowed: true; reason: 'allowed-domain'; domain: string }
  | { allowed: false; reason: 'outside-allowed-domains'; domain: string };

export function decideSender(address: string, policy: SenderPolicy): SenderDecision {
  const { allowDomains, denyPatterns, allowPatterns } = SenderPolicySchema.parse(policy);
  // The same notion of an address as ticket creation's (ticket/intake.ts): one never accepts
  // what the other refuses.
  const value = normaliseAddress(address);
  if (value === null) return { allowed: false, reason: 'invalid-address' };

  const denied = firstMatchingPattern(value, denyPatterns);
  if (denied) return { allowed: false, reason: 'deny-pattern', pattern: denied };
  const allowedByPattern = firstMatchingPattern(value, allowPatterns);
  if (allowedByPattern) return { allowed: true, reason: 'allow-pattern', pattern: allowedByPattern };

  const domain = value.slice(value.lastIndexOf('@') + 1);
  const listed = allowDomains.some((d) => d.trim().toLowerCase().replace(/^@/, '').replace(/\.$/, '') === domain);
  return listed
    ? { allowed: true, reason: 'allowed-domain', domain }
    : { allowed: false, reason: 'outside-allowed-domains', domain };
}
