/**
 * Test-side codec for UserSig strings, written apart from src/ so that tests can open and re-seal
 * documents (tampering) without trusting the code under test.
 */
import { deflateSync, inflateSync } from 'node:zlib';
import type { ErrorName } from '@parley/protocol';
import { isParleyError } from '@parley/protocol';
import { expect } from 'vitest';

export function inflateUserSig(userSig: string): Buffer {
  const standard = userSig.replaceAll('*', '+').replaceAll('-', '/').replaceAll('_', '=');
  return inflateSync(Buffer.from(standard, 'base64'));
}

export function sealBytes(bytes: Buffer): string {
  return deflateSync(bytes).toString('base64').replaceAll('+', '*').replaceAll('/', '-').replaceAll('=', '_');
}

export function sealText(text: string): string {
  return sealBytes(Buffer.from(text, 'utf8'));
}

/** Opens a UserSig, lets `edit` change its JSON object, and seals it again. */
export function rewriteDocument(userSig: string, edit: (doc: Record<string, unknown>) => void): string {
  const doc = JSON.parse(inflateUserSig(userSig).toString('utf8')) as Record<string, unknown>;
  edit(doc);
  return sealText(JSON.stringify(doc));
}

export function expectParleyError(fn: () => unknown, name: ErrorName): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(isParleyError(thrown), `expected ParleyError ${name}, got ${String(thrown)}`).toBe(true);
  if (isParleyError(thrown)) expect(thrown.errorName).toBe(name);
}

/** Small seeded PRNG (mulberry32) so that property runs are reproducible from their seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
