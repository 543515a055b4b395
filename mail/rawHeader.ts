// Reads top-level header values as they were written. Raw 8-bit values in a legacy charset were
// already rewritten as UTF-8 before parsing (mail/declareCharsets.ts).

/** One raw header line as mailparser keeps it: bytes mapped 1:1 to latin1 characters. */
export interface RawHeaderLine {
  key: string;
  line: string;
}

/** The first value of a header, unfolded, without its name; null when absent. */
export function rawHeaderValue(lines: readonly RawHeaderLine[], name: string): string | null {
  const key = name.toLowerCase();
  const found = lines.find((l) => l.key === key);
  if (!found) return null;
  const colon = found.line.indexOf(':');
  return found.line.slice(colon + 1).replace(/\r?\n(?=[ \t])/g, '').trim();
}

/** Every value of a header, in order, unfolded, decoded as UTF-8 (raw legacy bytes were made UTF-8 before parsing). */
export function rawHeaderValues(lines: readonly RawHeaderLine[], name: string): string[] {
  const key = name.toLowerCase();
  return lines
    .filter((l) => l.key === key)
    .map((l) => Buffer.from(l.line.slice(l.line.indexOf(':') + 1), 'latin1').toString('utf8').replace(/\r?\n(?=[ \t])/g, '').trim());
}
