#!/bin/bash
# lists.sh: list.csv (one address at each domain of domains.txt) and big.csv (3,000 wildcard names).
cd "$(dirname "$0")"
{ echo "name,email"; while read -r d; do echo "Olena Koval,olena.koval@$d"; done < domains.txt; } > list.csv
{ echo "name,email"; for i in $(seq 1 3000); do echo "Olena Koval,olena.koval@u$i.wild.com"; done; } > big.csv
