#!/bin/bash
# Writes the recursive resolvers' configs with the current root key as trust anchor.
set -e
cd "$(dirname "$0")"
mkdir -p unbound kresd
mkunbound() { # name ip hints extra...
  local name=$1 ip=$2 hints=$3; shift 3
  cat > unbound/$name.conf <<EOF
server:
  interface: $ip
  port: 53
  do-ip6: no
  username: ""
  chroot: ""
  directory: "/tmp/dnslab/unbound"
  pidfile: "/tmp/dnslab/logs/unbound-$name.pid"
  logfile: "/tmp/dnslab/logs/unbound-$name.log"
  use-syslog: no
  verbosity: 1
  access-control: 127.0.0.0/8 allow
  do-not-query-localhost: no
  root-hints: "/tmp/dnslab/$hints"
  trust-anchor-file: "/tmp/dnslab/anchor.key"
  num-threads: 1
$(printf '  %s\n' "$@")
remote-control:
  control-enable: no
EOF
  unbound-checkconf unbound/$name.conf >/dev/null
}
mkunbound main 127.0.0.53 root.hints
mkunbound refuse 127.0.0.57 root.hints "access-control: 127.0.0.0/8 refuse"
mkunbound ratelimit 127.0.0.59 root.hints "ip-ratelimit: 20"
# A trust anchor that matches no key of the root: every answer is bogus, SERVFAIL for everything
# (as with a wrong anchor or a clock far off).
dnssec-keygen -q -K keys -a ECDSAP256SHA256 -f KSK . > keys/wrong-anchor
grep -h 'DNSKEY 257' keys/$(cat keys/wrong-anchor).key > wrong-anchor.key
mkunbound servfail 127.0.0.58 root.hints
sed -i 's#anchor.key#wrong-anchor.key#' unbound/servfail.conf
cat > named-rec.conf <<EOF
// Recursive BIND on loopback: iterates from the lab's root, validates with its key.
options {
  directory "/tmp/dnslab/named-rec";
  pid-file "/tmp/dnslab/logs/named-rec.pid";
  listen-on port 53 { 127.0.0.54; };
  listen-on-v6 { none; };
  recursion yes;
  allow-query { 127.0.0.0/8; };
  allow-recursion { 127.0.0.0/8; };
  query-source address 127.0.0.54;
  dnssec-validation yes;
  session-keyfile "/tmp/dnslab/logs/rec-session.key";
};
trust-anchors { . static-key 257 3 13 "$(awk '{for(i=7;i<=NF;i++) printf "%s", $i}' anchor.key)"; };
zone "." { type hint; file "/tmp/dnslab/root.hints"; };
controls { };
logging { channel l { file "/tmp/dnslab/logs/named-rec.log"; severity info; }; category default { l; }; category lame-servers { l; }; };
EOF
cat > kresd/config <<EOF
-- Knot Resolver on loopback: iterates from the lab's root, validates with its key.
net.listen('127.0.0.55', 53, { kind = 'dns' })
net.ipv6 = false
modules.unload('ta_update')
modules.unload('detect_time_jump')
modules.unload('priming')
trust_anchors.remove('.')
trust_anchors.add('$(cat anchor.key)')
modules.load('hints > iterate')
hints.root({ ['ns1.kwlab-ns.net.'] = '127.0.0.2' })
hints['ns1.kwlab-ns.net'] = '127.0.0.2'
cache.size = 50 * MB
EOF
