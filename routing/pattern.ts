// Compiles admin-written regular expressions one way for both `config check` and evaluation, so a
// pattern that validates is exactly the pattern the engine runs.

// Case-insensitive only: the `u` flag would reject escapes such as `\-` that admins write out of
// habit, and every CJK character in ticket text is in the BMP, so `u` buys nothing here.
export const ROUTING_REGEX_FLAGS = 'i';

export class InvalidRoutingPatternError extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid regular expression: ${reason}`, options);
    this.name = 'InvalidRoutingPatternError';
  }
}

/** Compiles `source`, or throws InvalidRoutingPatternError naming what is wrong with it. */
export function compilePattern(source: string): RegExp {
  try {
    return new RegExp(source, ROUTING_REGEX_FLAGS);
  } catch (error) {
    throw new InvalidRoutingPatternError(source, syntaxReason(error), { cause: error });
  }
}

/** The schema-issue message for `source`, or undefined when it compiles. */
export function patternProblem(source: string): string | undefined {
  try {
    compilePattern(source);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidRoutingPatternError) return error.message;
    throw error;
  }
}

// V8 says "Invalid regular expression: /(/i: Unterminated group"; the admin already sees the
// pattern next to the error's line:col, so keep only the reason.
function syntaxReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lastSeparator = message.lastIndexOf(': ');
  return lastSeparator >= 0 ? message.slice(lastSeparator + 2) : message;
}
