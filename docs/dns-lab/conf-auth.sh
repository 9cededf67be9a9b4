#!/bin/bash
# named-auth.conf = the options head + one zone statement per zone file (signed where signed).
cd "$(dirname "$0")"
{ cat named-auth.head; cd auth; for f in *.zone; do z=${f%.zone}; [ "$z" = root ] && z=.; file=$f; [ -f "$f.signed" ] && file=$f.signed; printf 'zone "%s" { type primary; file "%s"; };\n' "$z" "$file"; done; } > named-auth.conf
