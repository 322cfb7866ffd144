import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WireMessage } from '@parley/protocol';
import { sendText, text } from '@parley/testing/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGateway } from './support/gateway-fixture.ts';

/**
 * Runs the examples of docs/client-sdk.md against a real Parley. Every ```ts block is an example, except those
 * fenced ```ts reference (shapes, not code to run). The documented addresses are the defaults of a local start.
 */
const doc = readFileSync(new URL('../../../docs/client-sdk.md', import.meta.url), 'utf8');
const DOC_GATEWAY_URL = 'ws://127.0.0.1:8090/v1/ws';
const DOC_SDK_APP_ID = 1400000001;
const clientEntry = pathToFileURL(new URL('../../../packages/client/src/index.ts', import.meta.url).pathname);

interface Block {
  info: string;
  code: string;
}

function codeBlocks(markdown: string): Block[] {
  return [...markdown.matchAll(/^```(.*)\n([\s\S]*?)^```$/gm)].map((match) => ({
    info: (match[1] ?? '').trim(),
    code: match[2] ?? '',
  }));
}

/** What the examples leave to the app: each call is recorded so the test can see the example ran. */
interface AppStubs {
  userSigs: string[];
  rendered: WireMessage[];
  recalled: [string, number][];
  warnings: unknown[];
}

const examples = codeBlocks(doc).filter((block) => block.info === 'ts');

let server: GatewayFixture;
let workDir: string;
beforeAll(async () => {
  server = await startGateway();
  workDir = mkdtempSync(join(tmpdir(), 'parley-sdk-doc-'));
});
afterAll(async () => {
  await server.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('docs/client-sdk.md', () => {
  it('has examples, and every ts block is either an example or marked reference', () => {
    expect(examples.length).toBeGreaterThan(0);
    const other = codeBlocks(doc).filter((block) => block.info.startsWith('ts') && block.info !== 'ts');
    expect(other.map((block) => block.info)).toEqual(other.map(() => 'ts reference'));
  });

  it('connects to the gateway’s default port (8090), not the admin API’s (8080)', () => {
    for (const example of examples) expect(example.code).not.toContain('127.0.0.1:8080');
    expect(examples.some((example) => example.code.includes(DOC_GATEWAY_URL))).toBe(true);
  });

  it.each(examples.map((example, index) => [index + 1, example.code] as const))(
    'example %i runs against a started Parley',
    async (index, code) => {
      const app = await server.newApp();
      const bob = await app.login('bob');
      (await app.login('alice')).close();
      const fromBob = await sendText(bob, 'alice', 'hello alice');
      const stubs: AppStubs = { userSigs: [], rendered: [], recalled: [], warnings: [] };
      (globalThis as { parleyDocStubs?: unknown }).parleyDocStubs = {
        fetchUserSigFromMyBackend: async () => {
          const sig = app.sig('alice');
          stubs.userSigs.push(sig);
          return sig;
        },
        render: (message: WireMessage) => stubs.rendered.push(message),
        markRecalled: (conversationId: string, seq: number) => stubs.recalled.push([conversationId, seq]),
        log: { warn: (error: unknown) => stubs.warnings.push(error) },
      };
      const runnable = [
        'const { fetchUserSigFromMyBackend, render, markRecalled, log } = globalThis.parleyDocStubs;',
        code
          .replaceAll(`'${DOC_GATEWAY_URL}'`, `'${server.wsUrl}'`)
          .replaceAll(`sdkAppId: ${DOC_SDK_APP_ID}`, `sdkAppId: ${app.sdkAppId}`)
          .replaceAll("from '@parley/client'", `from '${clientEntry}'`),
        'export {};',
      ].join('\n');
      const file = join(workDir, `example-${index}.ts`);
      writeFileSync(file, runnable);

      await import(pathToFileURL(file).href);

      expect(stubs.userSigs.length).toBeGreaterThan(0);
      expect(stubs.warnings).toEqual([]);
      expect(stubs.rendered.map((message) => [message.seq, message.body])).toContainEqual([
        fromBob.seq,
        text('hello alice'),
      ]);
      const pushed = await bob.nextPush('message', (message) => message.from === 'alice');
      expect(pushed.body).toEqual(text('hi'));
    },
  );
});
