// Reads and validates a JSON body: 415 for other media types, 400 for malformed JSON,
// 422 with field paths for a body the schema rejects.
import type { Context } from 'hono';
import type { z } from 'zod';
import { fieldErrors, problems } from './problem';

export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) throw problems.unsupportedMediaType();
  const text = await c.req.text();
  let data: unknown;
  try {
    data = text.trim() === '' ? undefined : JSON.parse(text);
  } catch (err) {
    throw problems.malformedJson((err as Error).message);
  }
  if (data === undefined) throw problems.malformedJson('the body is empty');
  const result = schema.safeParse(data);
  if (!result.success) throw problems.invalidBody(fieldErrors(result.error));
  return result.data;
}
