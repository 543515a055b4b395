// The rewrites a raw mail gets before mailparser reads it, each for something mailparser would
// misread: undeclared 8-bit charsets and uuencoded parts. The raw mail itself (its hash, the
// copy in the processed folder) is never changed.
import { declareCharsets } from './declareCharsets';
import { joinParts, splitParts } from './mimeParts';
import { decodeUuencodedParts } from './uuencodedParts';

/** The mail as mailparser should read it; `raw` itself when nothing needed rewriting. */
export async function prepareRawMail(raw: Buffer): Promise<Buffer> {
  const parts = await splitParts(raw);
  // Uuencode first: a decoded text part may then need its charset declared.
  const uudecoded = await decodeUuencodedParts(parts);
  const declared = await declareCharsets(parts);
  return uudecoded || declared ? joinParts(parts) : raw;
}
