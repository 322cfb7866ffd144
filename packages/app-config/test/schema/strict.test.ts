import { describe, expect, it } from 'vitest';
import { combine, listObjectPaths, nest, patchSchema, schema, validItems } from './helpers.ts';

/** Puts `{ ...valid, typo: 1 }` at an object level; `[]` levels become a one-item list. */
function withUnknownKey(objectPath: string): { input: Record<string, unknown>; at: string } {
  if (objectPath === '') return { input: { typo: 1 }, at: '' };
  const listAt = objectPath.indexOf('[]');
  if (listAt === -1) return { input: nest(objectPath, { typo: 1 }), at: objectPath };
  const listPath = objectPath.slice(0, listAt);
  return { input: nest(listPath, [{ ...validItems[listPath], typo: 1 }]), at: `${listPath}.0` };
}

const objectPaths = listObjectPaths(schema);

describe('unknown keys', () => {
  it('covers every object level of the schema, list items included', () => {
    expect(objectPaths).toEqual(
      expect.arrayContaining([
        '',
        'details',
        'callbacks.retry',
        'callbacks.events',
        'offlinePush.apns[]',
        'tags[]',
      ]),
    );
    expect(objectPaths).toHaveLength(20);
  });

  it.each(objectPaths)(
    'are rejected at "%s" by the full and the patch schema, naming the key',
    (objectPath) => {
      const { input, at } = withUnknownKey(objectPath);
      for (const target of [schema, patchSchema]) {
        const issues = target.safeParse(input).error?.issues ?? [];
        expect(issues).toHaveLength(1);
        expect(issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['typo'] });
        expect(issues[0]?.path.join('.')).toBe(at);
        expect(issues[0]?.message).toBe('Unrecognized key: "typo"');
      }
    },
  );

  it('reports a typo next to other errors, each at its own path', () => {
    const input = combine(nest('callbacks.tokn', 'x'), nest('messaging.recentContacts', 99));
    const issues = schema.safeParse(input).error?.issues.map((issue) => issue.path.join('.')) ?? [];
    expect(issues.sort()).toEqual(['callbacks', 'messaging.recentContacts']);
  });
});
