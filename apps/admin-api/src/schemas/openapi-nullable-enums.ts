/**
 * OpenAPI 3.0 puts `nullable: true` beside `enum`, but a validator checks the enum first, so `null` fails unless
 * it is one of the values. This pass adds `null` to every nullable enum of the generated document.
 */
export function addNullToNullableEnums<T>(document: T): T {
  visit(document);
  return document;
}

function visit(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) visit(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const schema = node as { nullable?: unknown; enum?: unknown[] };
  if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null))
    schema.enum.push(null);
  for (const value of Object.values(node)) visit(value);
}
