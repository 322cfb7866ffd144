import { MAX_MESSAGE_BYTES, ParleyError, type WireElement } from '@parley/protocol';

/** A message's size as Tencent counts it: the body (as JSON) and the cloud custom data together, as UTF-8. */
export function messageBytes(body: readonly WireElement[], cloudCustomData: string | undefined): number {
  const bytes = Buffer.byteLength(JSON.stringify(body), 'utf8');
  return cloudCustomData === undefined ? bytes : bytes + Buffer.byteLength(cloudCustomData, 'utf8');
}

/** Tencent's 12 KB limit applies to the body and the cloud custom data together, as UTF-8. */
export function assertMessageSize(body: readonly WireElement[], cloudCustomData: string | undefined): void {
  const bytes = messageBytes(body, cloudCustomData);
  if (bytes > MAX_MESSAGE_BYTES) {
    throw new ParleyError('MESSAGE_TOO_LARGE', {
      detail: `It is ${bytes} bytes; the limit is ${MAX_MESSAGE_BYTES}.`,
    });
  }
}
