import type { LookupAddress } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallbackSender, isForbiddenAddress, type LookupFunction } from '../src/index.ts';
import { type CallbackReceiver, startCallbackReceiver } from './helpers/tencent-callback-receiver.ts';
import { nextSdkAppId, testApp } from './helpers/test-app.ts';

const request = {
  command: 'C2C.CallbackAfterSendMsg',
  clientIp: '203.0.113.9',
  optPlatform: 'Web',
  body: { CallbackCommand: 'C2C.CallbackAfterSendMsg' },
} as const;

/** Resolves every name to the given addresses and records what was asked (no DNS traffic). */
function fakeDns(addresses: LookupAddress[]) {
  const asked: string[] = [];
  const resolve: LookupFunction = (hostname, _options, callback) => {
    asked.push(hostname);
    callback(null, addresses);
  };
  return { asked, resolve };
}

describe('isForbiddenAddress', () => {
  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '127.0.0.1',
    '127.255.255.254',
    '0.0.0.0',
    '169.254.169.254',
    '100.64.0.1',
    '::',
    '::1',
    'fe80::1',
    'fd00::1',
    'fc00::1',
    '::ffff:127.0.0.1',
    '::ffff:a9fe:a9fe',
    // IPv6 transition spellings of private and loopback IPv4 addresses.
    '64:ff9b::7f00:1',
    '64:ff9b::10.0.0.1',
    '64:ff9b:1::a00:1',
    '2002:7f00:1::1',
    '2002:c0a8:101::',
    '2001:0:a9fe:a9fe::1',
    '2001:0:808:808::80ff:fffe',
    '::127.0.0.1',
    '::7f00:1',
    '::a9fe:a9fe',
    '::ffff:0:127.0.0.1',
    '::ffff:7f00:1%eth0',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '172.32.0.1',
    '192.169.0.1',
    '203.0.113.10',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
    '2001:0:808:808::f7f7:f7f7',
  ])('allows %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });
});

describe('callback URL refusal (no connection is ever attempted)', () => {
  let receiver: CallbackReceiver;
  const sdkAppId = nextSdkAppId();
  const sender = createCallbackSender({ allowPrivateAddresses: false });

  beforeAll(async () => {
    receiver = await startCallbackReceiver({ sdkAppId, token: '' });
  });
  afterAll(async () => {
    await sender.close();
    await receiver.close();
  });

  it.each([
    'http://10.0.0.1/callback',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]:9/callback',
    'http://[::ffff:10.0.0.1]/callback',
    'http://0.0.0.0:9/',
    'http://2130706433:9/',
    'http://[64:ff9b::7f00:1]:9/',
    'http://[2002:7f00:1::1]:9/',
    'http://[::127.0.0.1]:9/',
  ])('refuses %s before any I/O', async (url) => {
    const outcome = await sender.send(testApp(sdkAppId, { url }), request);

    expect(outcome.kind).toBe('refused');
    expect(sender.circuitState(sdkAppId)).toBe('closed');
  });

  it('refuses a host name that resolves to a loopback address', async () => {
    const url = `http://localhost:${receiver.port}/im/callback`;

    const outcome = await sender.send(testApp(sdkAppId, { url }), request);

    expect(outcome).toMatchObject({ kind: 'refused', detail: expect.stringContaining('127.0.0.1') });
    expect(receiver.received).toEqual([]);
    expect(receiver.refused).toEqual([]);
  });

  it('refuses a name when any of its addresses is private', async () => {
    const dns = fakeDns([
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.1', family: 4 },
    ]);
    const guarded = createCallbackSender({ allowPrivateAddresses: false, resolve: dns.resolve });
    try {
      const outcome = await guarded.send(testApp(sdkAppId, { url: 'http://callbacks.example/cb' }), request);

      expect(outcome).toMatchObject({ kind: 'refused', detail: expect.stringContaining('10.0.0.1') });
      expect(dns.asked).toEqual(['callbacks.example']);
    } finally {
      await guarded.close();
    }
  });

  it('connects to exactly the address it checked (pinned), and allows private ones when the operator says so', async () => {
    // The name is resolved once, in the connect path, and the socket connects to that answer.
    const dns = fakeDns([{ address: '127.0.0.1', family: 4 }]);
    const allowing = createCallbackSender({ allowPrivateAddresses: true, resolve: dns.resolve });
    try {
      const url = `http://callbacks.internal:${receiver.port}/im/callback`;

      const outcome = await allowing.send(testApp(sdkAppId, { url }), request);

      expect(outcome.kind).toBe('answered');
      expect(dns.asked).toEqual(['callbacks.internal']);
      expect(receiver.received).toHaveLength(1);
    } finally {
      await allowing.close();
    }
  });
});
