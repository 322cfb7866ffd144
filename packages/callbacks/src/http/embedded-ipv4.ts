/**
 * The IPv4 addresses an IPv6 address carries in a transition spelling, so the address guard can judge them by
 * the IPv4 rules: on a host with NAT64, 6to4 or Teredo, `[64:ff9b::7f00:1]` reaches 127.0.0.1.
 *
 * - `::ffff:a.b.c.d` IPv4-mapped, `::ffff:0:a.b.c.d` IPv4-translated, `::a.b.c.d` IPv4-compatible;
 * - `64:ff9b::a.b.c.d` NAT64 well-known prefix (RFC 6052; the local-use `64:ff9b:1::/48` is refused whole);
 * - `2002:AABB:CCDD::/48` 6to4 (RFC 3056);
 * - `2001:0:SSSS:SSSS::CCCC:CCCC` Teredo (RFC 4380): server in clear, client inverted.
 */
export function embeddedIpv4(address: string): string[] {
  const bytes = parseIpv6(address);
  if (!bytes) return [];
  const word = (i: number) => ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
  const quad = (at: number, invert = false) =>
    Array.from(bytes.subarray(at, at + 4), (b) => (invert ? b ^ 0xff : b)).join('.');
  const zeros = (from: number, to: number) => bytes.subarray(from, to).every((b) => b === 0);

  if (zeros(0, 10) && word(10) === 0xffff) return [quad(12)];
  if (zeros(0, 8) && word(8) === 0xffff && word(10) === 0) return [quad(12)];
  if (zeros(0, 12)) return [quad(12)];
  if (word(0) === 0x64 && word(2) === 0xff9b && zeros(4, 12)) return [quad(12)];
  if (word(0) === 0x2002) return [quad(2)];
  if (word(0) === 0x2001 && word(2) === 0) return [quad(4), quad(12, true)];
  return [];
}

/** The 16 bytes of an IPv6 address (zone index ignored, a trailing dotted quad allowed), or undefined. */
function parseIpv6(text: string): Uint8Array | undefined {
  const address = text.split('%')[0] ?? '';
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (const [index, piece] of pieces.entries()) {
      if (index === pieces.length - 1 && piece.includes('.')) {
        const octets = piece.split('.').map((o) => (/^\d{1,3}$/.test(o) ? Number(o) : Number.NaN));
        if (octets.length !== 4 || octets.some((o) => !(o <= 255))) return undefined;
        out.push(((octets[0] ?? 0) << 8) | (octets[1] ?? 0), ((octets[2] ?? 0) << 8) | (octets[3] ?? 0));
      } else {
        if (!/^[0-9a-f]{1,4}$/i.test(piece)) return undefined;
        out.push(Number.parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const words = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  for (const [i, w] of words.entries()) {
    bytes[i * 2] = w >> 8;
    bytes[i * 2 + 1] = w & 0xff;
  }
  return bytes;
}
