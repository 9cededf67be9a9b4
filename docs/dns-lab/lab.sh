#!/bin/bash
# lab.sh start|stop: the DNS lab in network namespace "dnslab" (loopback only, nothing else).
# Authoritative: named 127.0.0.2 (root, TLDs, test zones), nsd 127.0.0.3; odd servers: nothing on
# 127.0.0.66, a black hole on .67, 1.2 s late on .68, 5 s late on .69. Recursive: unbound .53,
# named .54, kresd .55, dnsmasq .56 (forwards to .53), unbound refusing us .57, unbound with a wrong
# trust anchor (SERVFAIL for everything) .58, unbound with ip-ratelimit 20 q/s .59.
set -e
cd "$(dirname "$0")"
L=/tmp/dnslab/logs
NS="ip netns exec dnslab"
stop() {
  for p in $L/*.pid; do [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null || true; rm -f "$p"; done
  sleep 1
  ip netns del dnslab 2>/dev/null || true
}
start() {
  ip netns add dnslab; $NS ip link set lo up
  for i in 2 3 53 54 55 56 57 58 59 60 66 67 68 69; do $NS ip addr add 127.0.0.$i/32 dev lo; done
  ./gen-zones.sh; ./sign.sh; ./conf-auth.sh
  rm -rf kresd/*.mdb named-rec/*; mkdir -p $L named-rec kresd; chmod 777 $L auth named-rec; chmod -R a+rX .
  $NS named -c /tmp/dnslab/named-auth.conf -u bind </dev/null >/dev/null 2>&1
  $NS nsd -c /tmp/dnslab/nsd.conf </dev/null >/dev/null 2>&1
  for spec in "67 never" "68 1200" "69 5000"; do set -- $spec
    $NS node lab-proxy.mjs 127.0.0.$1 $2 > $L/proxy-$1.log 2>&1 & echo $! > $L/proxy-$1.pid; done
  # The resolvers must not cache the root before its server has loaded every zone.
  until $NS dig +short +tries=1 +time=1 @127.0.0.2 com. SOA | grep -q kwlab; do sleep 0.2; done
  until $NS dig +short +tries=1 +time=1 @127.0.0.3 mx-multi.com. SOA | grep -q kwlab; do sleep 0.2; done
  ./conf-rec.sh
  for n in main refuse ratelimit servfail; do $NS unbound -c unbound/$n.conf </dev/null >/dev/null 2>&1; done
  $NS named -c /tmp/dnslab/named-rec.conf -u bind </dev/null >/dev/null 2>&1
  $NS kresd -n -c /tmp/dnslab/kresd/config /tmp/dnslab/kresd > $L/kresd.log 2>&1 & echo $! > $L/kresd.pid
  $NS dnsmasq --no-resolv --no-hosts --server=127.0.0.53 --listen-address=127.0.0.56 --bind-interfaces --port=53 \
    --pid-file=$L/dnsmasq.pid --log-facility=$L/dnsmasq.log --user=root --group=root </dev/null >/dev/null 2>&1
  sleep 2; $NS ss -lntup | awk 'NR>1 {print $1, $5}' | sort -u
}
"$1"
