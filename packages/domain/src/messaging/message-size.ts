import { MAX_MESSAGE_BYTES, type MessageElement, ParleyError } from '@parley/protocol';

/** Tencent's 12 KB limit applies to the body and the cloud custom data together, as UTF-8. */
export function assertMessageSize(
  body: readonly MessageElement[],
  cloudCustomData: string | undefined,
): void {
  let bytes = Buffer.byteLength(JSON.stringify(body), 'utf8');
  if (cloudCustomData !== undefined) bytes += Buffer.byteLength(cloudCustomData, 'utf8');
  if (bytes > MAX_MESSAGE_BYTES) {
    throw new ParleyError('MESSAGE_TOO_LARGE', {
      detail: `It is ${bytes} bytes; the limit is ${MAX_MESSAGE_BYTES}.`,
    });
  }
}
