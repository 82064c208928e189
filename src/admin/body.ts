/** Reads a request body against a schema, answering 400 with what is wrong (the admin pages reuse parseInput). */
import type { Context } from 'hono';
import type * as z from 'zod/mini';
import { ApiError } from '../errors/api-error';

/** Checks input against a schema: the first problem as a 400 ApiError (path: message). */
export function parseInput<T>(schema: z.ZodMiniType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ApiError(400, `${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  return parsed.data;
}

export async function jsonBody<T>(c: Context, schema: z.ZodMiniType<T>): Promise<T> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ApiError(400, 'the request body must be JSON');
  }
  return parseInput(schema, raw);
}
