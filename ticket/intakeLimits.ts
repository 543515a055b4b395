// The longest texts a ticket's intake takes (ticket/intake.ts). A file of its own without
// imports: the mail triage cuts to these, and it runs inside the mailbox workflow's sandbox,
// where the intake schema (zod) has no business.
export const INTAKE_LIMITS = {
  /** RFC 5321: a forward-path holds at most 256 octets, an address within it 254. */
  email: 254,
  name: 200,
  title: 300,
  description: 20_000,
} as const;
