// Update validators refuse with a sentence a person can act on, not a schema dump.
import type { z } from 'zod';

export function parseOrRefuse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new Error(result.error.issues.map((i) => (i.path.length && !i.message.includes(String(i.path.at(-1))) ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '));
}
