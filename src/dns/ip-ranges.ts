/**
 * Is an A/AAAA address one that mail from the Internet can reach? RFC 5321 §5.1 lets a domain
 * without MX receive mail at its own address ("implicit MX"), but an address in a private,
 * loopback or documentation range cannot be reached by a sending platform, so it does not count.
 *
 * Ranges: IANA IPv4/IPv6 Special-Purpose Address Registries (RFC 6890 and updates), entries whose
 * "Globally Reachable" column is False, plus multicast/reserved space. Precomputed at load.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** [network as uint32, prefix length] pairs for non-global IPv4 space. */
const V4_BLOCKED: ReadonlyArray<readonly [number, number]> = [
  ['0.0.0.0', 8], // "this network" (RFC 791)
  ['10.0.0.0', 8], // private (RFC 1918)
  ['100.64.0.0', 10], // carrier-grade NAT (RFC 6598)
  ['127.0.0.0', 8], // loopback (RFC 1122)
  ['169.254.0.0', 16], // link-local (RFC 3927)
  ['172.16.0.0', 12], // private (RFC 1918)
  ['192.0.0.0', 24], // IETF protocol assignments (RFC 6890)
  ['192.0.2.0', 24], // TEST-NET-1 documentation (RFC 5737)
  ['192.88.99.0', 24], // deprecated 6to4 relay anycast (RFC 7526)
  ['192.168.0.0', 16], // private (RFC 1918)
  ['198.18.0.0', 15], // benchmarking (RFC 2544)
  ['198.51.100.0', 24], // TEST-NET-2 (RFC 5737)
  ['203.0.113.0', 24], // TEST-NET-3 (RFC 5737)
  ['224.0.0.0', 4], // multicast (RFC 5771)
  ['240.0.0.0', 4], // reserved, incl. 255.255.255.255 broadcast (RFC 1112, RFC 919)
].map(([net, bits]) => [v4ToInt(net as string), bits as number] as const);

/** Non-global blocks inside 2000::/3, as [first 32 bits, prefix length ≤ 32]. */
const V6_BLOCKED_IN_GLOBAL: ReadonlyArray<readonly [number, number]> = [
  [0x20010000, 23], // IETF protocol assignments incl. Teredo, benchmarking, ORCHID (RFC 2928, 6890)
  [0x20010db8, 32], // documentation (RFC 3849)
  [0x20020000, 16], // 6to4 (RFC 3056), deprecated for new use (RFC 7526)
  [0x3fff0000, 20], // documentation (RFC 9637)
];

function v4ToInt(address: string): number {
  let value = 0;
  for (const part of address.split('.')) value = value * 256 + Number(part);
  return value >>> 0;
}

function inBlock(value: number, network: number, bits: number): boolean {
  if (bits === 0) return true;
  const mask = bits === 32 ? 0xffffffff : ~(0xffffffff >>> bits) >>> 0;
  return ((value & mask) >>> 0) === ((network & mask) >>> 0);
}

/** The first 32 bits of an IPv6 address (enough for every block we test). */
function v6High32(address: string): number {
  const zone = address.indexOf('%');
  const text = zone >= 0 ? address.slice(0, zone) : address;
  const gap = text.indexOf('::');
  const head = (gap >= 0 ? text.slice(0, gap) : text).split(':').filter((g) => g !== '');
  // Only a written leading group counts; "::x" starts with zero groups.
  const g0 = head.length > 0 && !head[0]!.includes('.') ? parseInt(head[0]!, 16) : 0;
  const g1 = head.length > 1 && !head[1]!.includes('.') ? parseInt(head[1]!, 16) : 0;
  return ((g0 << 16) | g1) >>> 0;
}

/** True when an IPv4 dotted quad is globally routable. */
export function isGlobalIPv4(address: string): boolean {
  const value = v4ToInt(address);
  for (const [network, bits] of V4_BLOCKED) if (inBlock(value, network, bits)) return false;
  return true;
}

/**
 * True when an IPv6 address is globally routable: only 2000::/3 is allocated as global unicast
 * (RFC 4291 §2.4, IANA IPv6 Address Space), which already leaves out ::, ::1, IPv4-mapped,
 * fc00::/7 unique-local, fe80::/10 link-local and ff00::/8 multicast.
 */
export function isGlobalIPv6(address: string): boolean {
  const high = v6High32(address);
  if (!inBlock(high, 0x20000000, 3)) return false;
  for (const [network, bits] of V6_BLOCKED_IN_GLOBAL) if (inBlock(high, network, bits)) return false;
  return true;
}

/** True when an A or AAAA answer could be used as an implicit MX (RFC 5321 §5.1). */
export function isGlobalAddress(address: string): boolean {
  if (isIPv4(address)) return isGlobalIPv4(address);
  if (isIPv6(address)) return isGlobalIPv6(address);
  return false;
}
