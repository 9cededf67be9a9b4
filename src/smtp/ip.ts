/**
 * Which IP addresses a probe may not go to unless the user allows it: a contact list's MX records
 * must not steer our connections into the user's own network (issue 13, `--smtp-allow-private`).
 */
import { BlockList, isIP } from 'node:net';

/** [address, prefix] pairs, each with the RFC that sets it apart from the public internet. */
const V4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // RFC 1122 §3.2.1.3 "this network"
  ['10.0.0.0', 8], // RFC 1918 private
  ['100.64.0.0', 10], // RFC 6598 shared address space (carrier-grade NAT)
  ['127.0.0.0', 8], // RFC 1122 loopback
  ['169.254.0.0', 16], // RFC 3927 link-local
  ['172.16.0.0', 12], // RFC 1918 private
  ['192.0.0.0', 24], // RFC 6890 IETF protocol assignments
  ['192.168.0.0', 16], // RFC 1918 private
  ['198.18.0.0', 15], // RFC 2544 benchmarking
  ['224.0.0.0', 4], // RFC 5771 multicast
  ['240.0.0.0', 4], // RFC 1112 reserved, and the limited broadcast address
];
const V6: readonly (readonly [string, number])[] = [
  ['::', 128], // RFC 4291 unspecified
  ['::1', 128], // RFC 4291 loopback
  ['fc00::', 7], // RFC 4193 unique local
  ['fe80::', 10], // RFC 4291 link-local
  ['ff00::', 8], // RFC 4291 multicast
];

const blocked = new BlockList();
for (const [address, prefix] of V4) blocked.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of V6) blocked.addSubnet(address, prefix, 'ipv6');

/** RFC 4291 §2.5.5.2: an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) is judged as its IPv4 address. */
const MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * True for loopback, private, link-local, unique-local, shared, multicast and reserved addresses,
 * and for anything that is not an IP address at all (never connect to what we cannot judge).
 */
export function isPrivateAddress(ip: string): boolean {
  const mapped = MAPPED.exec(ip);
  if (mapped) return isPrivateAddress(mapped[1]!);
  const family = isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family === 6) return blocked.check(ip, 'ipv6');
  return true;
}
