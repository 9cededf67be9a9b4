#!/bin/bash
# restart-test.sh <out>: a 3,000-domain run against unbound .53, which is stopped 1 s in and started again 4 s later.
cd /tmp/dnslab
(LIST=big.csv ./run.sh 127.0.0.53 "$1" "${@:2}" > "$1.txt" 2>&1) &
runner=$!
sleep 1; kill "$(cat logs/unbound-main.pid)"; sleep 4
ip netns exec dnslab unbound -c unbound/main.conf </dev/null >/dev/null 2>&1
wait $runner
grep -E 'exit|dns:|warning' "$1.txt" | cut -c1-300; cut -d'|' -f2,3 "$1.txt" | grep -v 'exit=\|dns:' | sort | uniq -c
