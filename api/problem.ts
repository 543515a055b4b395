// RFC 9457 problem+json responses: a stable `type` per kind of problem and, for invalid
// bodies, the path of every offending field.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';

export interface FieldError {
  path: string;
  message: string;
}

export class ProblemError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
  ) {
    super(detail ?? title);
    this.name = 'ProblemError';
  }
}

export function problemResponse(c: Context, p: ProblemError): Response {
  return c.body(
    JSON.stringify({
      type: `https://itdesk.dev/problems/${p.slug}`,
      title: p.title,
      status: p.status,
      detail: p.detail,
      instance: c.req.path,
      ...(p.errors ? { errors: p.errors } : {}),
    }),
    p.status,
    { 'content-type': 'application/problem+json; charset=utf-8' },
  );
}

export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({ path: [base, key].filter(Boolean).join('.'), message: `unknown field '${key}'` }));
    return [{ path: base || '(body)', message: issue.message }];
  });
}

export const problems = {
  invalidBody: (errors: FieldError[]) =>
    new ProblemError(422, 'invalid-body', 'The request body is invalid', `${errors.length} field(s) need attention`, errors),
  malformedJson: (detail: string) => new ProblemError(400, 'malformed-json', 'The request body is not valid JSON', detail),
  unsupportedMediaType: () => new ProblemError(415, 'unsupported-media-type', 'Send the body as application/json'),
  tooLarge: (limit: number) => new ProblemError(413, 'body-too-large', 'The request body is too large', `the limit is ${limit} bytes`),
  unauthenticated: () => new ProblemError(401, 'unauthenticated', 'A valid bearer token is required'),
  forbidden: (detail: string) => new ProblemError(403, 'forbidden', 'Not allowed', detail),
  notFound: (detail: string) => new ProblemError(404, 'not-found', 'Not found', detail),
  illegalTransition: (detail: string) => new ProblemError(409, 'illegal-transition', 'That action is not possible now', detail),
  rejected: (detail: string) => new ProblemError(422, 'action-rejected', 'The action was rejected', detail),
  ticketStuck: (number: string, reason: string) =>
    new ProblemError(503, 'ticket-stuck', `Ticket ${number} cannot make progress`, reason),
  unavailable: (detail: string) => new ProblemError(503, 'temporal-unavailable', 'The desk cannot reach Temporal', detail),
  /** The same Idempotency-Key with another body (IETF draft-ietf-httpapi-idempotency-key-header: 422). */
  idempotencyKeyReused: (detail: string) =>
    new ProblemError(422, 'idempotency-key-reused', 'The Idempotency-Key was already used for a different request', detail),
  /** One-click links need a link secret; without one the desk runs with links off. */
  linksDisabled: (detail: string) => new ProblemError(503, 'links-disabled', 'One-click links are switched off on this desk', detail),
  /** Listed on the ticket, but its content was never kept (too large, or received before storing). */
  attachmentNotStored: (detail: string) => new ProblemError(410, 'attachment-not-stored', 'The attachment content was not stored', detail),
  /** Listed as stored but absent from this process's attachment directory: a storage fault. */
  attachmentMissing: (detail: string) => new ProblemError(500, 'attachment-missing', 'The attachment content is missing from storage', detail),
};
