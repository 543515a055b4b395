// A mail address as a zod schema (API bodies, the intake, action contracts): accepted and
// normalised by mail/address.ts normaliseAddress, the one rule for what an address is.
import { z } from 'zod';
import { normaliseAddress } from './address';

/** Accepted and normalised as normaliseAddress does; anything else is 'not a usable mail address'. */
export const MailAddressStringSchema = z.string().transform((value, ctx) => {
  const address = normaliseAddress(value);
  if (address === null) {
    ctx.addIssue({ code: 'custom', message: 'not a usable mail address' });
    return z.NEVER;
  }
  return address;
});
