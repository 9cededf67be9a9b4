#!/bin/bash
# Writes the lab's authoritative zones (served by named on 127.0.0.2 and nsd on 127.0.0.3).
set -e
cd "$(dirname "$0")/auth"
SOA='@ 300 IN SOA ns1.kwlab-ns.net. hostmaster.kwlab-ns.net. 1 3600 600 86400 60'
zone() { # name, body...
  local name=$1; shift
  { echo "\$ORIGIN $name."; echo "\$TTL 300"; echo "$SOA"; echo "@ NS ns1.kwlab-ns.net."; printf '%s\n' "$@"; } > "$name.zone"
}
# Root: every TLD on 127.0.0.2.
{ echo '$ORIGIN .'; echo '$TTL 300'; echo ". 300 IN SOA ns1.kwlab-ns.net. hostmaster.kwlab-ns.net. 1 3600 600 86400 60"; echo ". NS ns1.kwlab-ns.net."
  for tld in com net org xn--j1amh ua; do echo "$tld. NS ns1.kwlab-ns.net."; done; echo "ns1.kwlab-ns.net. A 127.0.0.2"; } > root.zone
zone net "kwlab-ns NS ns1.kwlab-ns.net." "ns1.kwlab-ns.net. A 127.0.0.2" "cname-other NS ns1.kwlab-ns.net."
zone kwlab-ns.net "ns1 A 127.0.0.2" "nsd A 127.0.0.3" "dead A 127.0.0.66" "hole A 127.0.0.67" "slow A 127.0.0.68" "slow5 A 127.0.0.69"
zone org
zone ua
zone xn--j1amh "xn--80a1acn3a NS ns1.kwlab-ns.net."
COM=()
child() { # name, ns, body...
  local name=$1 ns=$2; shift 2
  COM+=("${name%.com} NS $ns.")
  case $ns in dead.*|hole.*) return 0;; esac
  zone "$name" "$@"; sed -i "s/^@ NS ns1.kwlab-ns.net./@ NS $ns./" "$name.zone"
  [ "$ns" = nsd.kwlab-ns.net ] && mv "$name.zone" ../nsd/
  return 0
}
N=ns1.kwlab-ns.net
child mx-normal.com $N "@ MX 10 mx1" "mx1 A 93.184.216.34"
child mx-multi.com nsd.kwlab-ns.net "@ MX 30 c" "@ MX 10 a" "@ MX 20 b" "a A 93.184.216.35" "b A 93.184.216.36" "c A 93.184.216.37"
child mx-cname.com $N "@ MX 10 alias" "alias CNAME real" "real A 93.184.216.38"
child mx-v6only.com $N "@ MX 10 mx6" "mx6 AAAA 2a00:1450:4001:800::1"
child nullmx.com $N "@ MX 0 ."
child mixed-null.com $N "@ MX 0 ." "@ MX 10 mx" "mx A 93.184.216.39"
child implicit-a.com $N "@ A 93.184.216.40"
child implicit-aaaa.com $N "@ AAAA 2a00:1450:4001:800::2"
child implicit-private.com $N "@ A 10.1.2.3" "@ AAAA fd00::1"
child nodata.com $N '@ TXT "v=spf1 -all"'
child dead-ns.com dead.kwlab-ns.net
child hole-ns.com hole.kwlab-ns.net
child slow-ns.com slow.kwlab-ns.net "@ MX 10 mx" "mx A 93.184.216.41"
child slow5-ns.com slow5.kwlab-ns.net "@ MX 10 mx" "mx A 93.184.216.42"
child lame-ns.com $N; rm -f lame-ns.com.zone   # delegated to com's own server, which answers with a referral to itself
child lame2-ns.com nsd.kwlab-ns.net; rm -f ../nsd/lame2-ns.com.zone   # delegated to nsd, which does not serve it: REFUSED
child mx-ipliteral.com $N "@ MX 10 192.0.2.1."
child mx-localhost.com $N "@ MX 10 localhost."
child mx-loopback.com $N "@ MX 10 mx" "mx A 127.0.0.1"
child mx-dangling.com $N "@ MX 10 gone"
child wild.com $N "* MX 10 mx.wild.com." "mx A 93.184.216.43"
child wild-a.com nsd.kwlab-ns.net "* A 93.184.216.44"
child ttl0.com $N "@ 0 MX 10 mx" "mx 0 A 93.184.216.45"
child cname-chain.com $N "mail CNAME step1.cname-other.net." "step2 MX 10 mx" "mx A 93.184.216.46" "dangle CNAME nowhere.cname-other.net." "txt CNAME txtonly.cname-other.net."
zone cname-other.net "step1 CNAME step2.cname-chain.com." 'txtonly TXT "x"'
child mixed-case.com $N "@ MX 10 MX1.MiXeD-CaSe.CoM." "MX1 A 93.184.216.47"
child xn--bcher-kva.com $N "@ MX 10 mail.xn--bcher-kva.com." "mail A 93.184.216.48"
zone xn--80a1acn3a.xn--j1amh "@ MX 10 mx" "mx A 93.184.216.49"
# Enough MX records that the answer exceeds a 1232-byte EDNS buffer: truncated, then TCP.
BIG=(); for i in $(seq 1 60); do BIG+=("@ MX $i mx-$i-with-a-rather-long-host-name"); BIG+=("mx-$i-with-a-rather-long-host-name A 93.184.217.$i"); done
child bigmx.com $N "${BIG[@]}"
# Over 16 KiB even over TCP.
HUGE=(); for i in $(seq 1 400); do HUGE+=("@ MX $i mx-$i-with-an-even-longer-host-name-for-the-huge-set"); done; HUGE+=("mx-1-with-an-even-longer-host-name-for-the-huge-set A 93.184.218.1")
child hugemx.com $N "${HUGE[@]}"
child badsig.com $N "@ MX 10 mx" "mx A 93.184.216.50"
child signed-ok.com $N "@ MX 10 mx" "mx A 93.184.216.51"
zone com "${COM[@]}"
