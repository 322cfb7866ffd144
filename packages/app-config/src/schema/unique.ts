import { z } from 'zod';

/**
 * A check for lists whose items must be unique by some key. It reports every repeat at the repeated item's own
 * path (`tags.3.key`), so the caller sees which entry to fix rather than only that the list is wrong.
 */
export function uniqueBy<T>(keyOf: (item: T) => string, field: string, what: string) {
  return z.superRefine<T[]>((items, ctx) => {
    const firstIndex = new Map<string, number>();
    items.forEach((item, index) => {
      const key = keyOf(item);
      const first = firstIndex.get(key);
      if (first === undefined) {
        firstIndex.set(key, index);
        return;
      }
      ctx.addIssue({
        code: 'custom',
        path: field === '' ? [index] : [index, field],
        message: `duplicate ${what} "${key}" (already at index ${first})`,
      });
    });
  });
}
