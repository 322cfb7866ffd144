import { z } from 'zod';
import { type MessageElement, messageElementSchema } from './message-elements.ts';

/**
 * How deep a body may nest, counting the body array as 1 (Tencent's deepest field, an image's
 * `ImageInfoArray[n].URL`, sits at 5). Stores must be able to keep any body: MongoDB refuses documents nested
 * more than 100 levels.
 */
export const MAX_BODY_DEPTH = 16;

interface BodyIssue {
  path: PropertyKey[];
  message: string;
}

const elementsSchema = z.array(messageElementSchema).min(1).max(20);

/** Why a body may not carry `key`: a MongoDB operator or path, or JavaScript's prototype accessor. */
function keyProblem(key: string): string | undefined {
  if (key === '__proto__') return 'a key must not be "__proto__"';
  if (key.startsWith('$')) return 'a key must not start with "$"';
  if (key.includes('.')) return 'a key must not contain "."';
  if (key.includes('\0')) return 'a key must not contain U+0000';
  return undefined;
}

/** Keys and nesting of the fields the element schemas let through unexamined, at any depth. */
function shapeIssues(value: unknown, path: PropertyKey[], depth: number, issues: BodyIssue[]): void {
  if (value === null || typeof value !== 'object') return;
  if (depth > MAX_BODY_DEPTH) {
    issues.push({ path, message: `nests more than ${MAX_BODY_DEPTH} levels deep` });
    return;
  }
  const entries: [PropertyKey, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value);
  for (const [key, item] of entries) {
    const problem = typeof key === 'string' ? keyProblem(key) : undefined;
    if (problem) issues.push({ path: [...path, key], message: problem });
    shapeIssues(item, [...path, key], depth + 1, issues);
  }
}

/**
 * A message body: 1-20 elements. It is validated, then kept **as sent**: the parsed value is the client's own
 * array, so every field (known or not) reaches the store, pushes, sync, history and callbacks unchanged, in
 * its order. The 12 KB limit (`MAX_MESSAGE_BYTES`) bounds what that can add.
 */
export const messageBodySchema = z.custom<MessageElement[]>().superRefine((value, ctx) => {
  const checked = elementsSchema.safeParse(value);
  const issues: BodyIssue[] = checked.success ? [] : checked.error.issues;
  if (checked.success) shapeIssues(value, [], 1, issues);
  for (const issue of issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
});
