// The one pattern language admins use for mail addresses (sender policy, automation overrides):
// a case-insensitive glob, or a regular expression written between slashes.

export class InvalidAddressPatternError extends Error {
  constructor(pattern: string, options?: { cause?: unknown }) {
    super(`invalid address pattern: ${JSON.stringify(pattern)}`, options);
    this.name = 'InvalidAddressPatternError';
  }
}

/**
 * `*@monitor.corp.example`, `alerts-?@corp.example`: glob on the whole address (`*` any run of
 * characters, `?` one character). `*.corp.example` (no `@`): glob on the domain only.
 * `/^noc-\d+@corp\.example$/`: a regular expression on the whole address.
 * Matching is always case-insensitive.
 */
export function compileAddressPattern(pattern: string): (address: string) => boolean {
  const trimmed = pattern.trim();
  if (trimmed.length > 2 && trimmed.startsWith('/') && trimmed.endsWith('/')) {
    let regex: RegExp;
    try {
      regex = new RegExp(trimmed.slice(1, -1), 'i');
    } catch (cause) {
      throw new InvalidAddressPatternError(pattern, { cause });
    }
    return (address) => regex.test(address.trim());
  }
  if (trimmed === '') throw new InvalidAddressPatternError(pattern);
  const glob = new RegExp(
    '^' + trimmed.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$',
    'i',
  );
  const domainOnly = !trimmed.includes('@');
  return (address) => {
    const value = address.trim();
    return glob.test(domainOnly ? value.slice(value.lastIndexOf('@') + 1) : value);
  };
}

export function matchesAddressPattern(address: string, pattern: string): boolean {
  return compileAddressPattern(pattern)(address);
}

/** The first pattern the address matches, or null. */
export function firstMatchingPattern(address: string, patterns: readonly string[]): string | null {
  return patterns.find((p) => matchesAddressPattern(address, p)) ?? null;
}
