#!/bin/bash
# Signs signed-ok.com, badsig.com (whose DS in com matches no key of it: bogus), com and the root.
set -e
cd "$(dirname "$0")"
K=keys; rm -rf $K; mkdir -p $K
key() { dnssec-keygen -q -K $K -a ECDSAP256SHA256 "$@"; }
sign() { # zone file origin
  key -f KSK "$1" >/dev/null; key "$1" >/dev/null
  dnssec-signzone -q -S -K $K -d $K -o "$1" -f "auth/$1.zone.signed" "auth/$1.zone" >/dev/null
}
sign signed-ok.com
sign badsig.com
bogus=$(key -f KSK badsig.com)
dnssec-dsfromkey -2 $K/$bogus.key > $K/dsset-badsig.com.
cat $K/dsset-signed-ok.com. $K/dsset-badsig.com. >> auth/com.zone
sign com
cat $K/dsset-com. >> auth/root.zone
key -f KSK . > $K/root-ksk; key . >/dev/null
dnssec-signzone -q -S -K $K -d $K -o . -f auth/root.zone.signed auth/root.zone >/dev/null
# The trust anchor for the validating resolvers.
grep -h 'DNSKEY 257' $K/K.+*.key | sed 's/^\. /. /' > anchor.key
