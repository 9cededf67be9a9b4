#!/bin/bash
# run.sh <resolver ip[:port]> <out dir> [extra flags]: the built binary inside the lab's namespace,
# then one line per row: email, bucket, reason, detail.
REPO=${REPO:?set REPO to the kwiga-validate checkout (built)}
BIN=${BIN:-$REPO/bin/kwiga-validate.js}
srv=$1 out=$2; shift 2
rm -rf "$out"
start=$(date +%s.%N)
ip netns exec dnslab node "$BIN" /tmp/dnslab/${LIST:-list.csv} --dns-server "$srv" -o "$out" -q "$@" >"$out.stdout" 2>"$out.stderr"
echo "exit=$? time=$(echo "$(date +%s.%N) - $start" | bc)s"
node -e '
const fs=require("fs"),path=require("path");const out=process.argv[1];
const {parse}=require(process.argv[2]+"/node_modules/csv-parse/dist/cjs/sync.cjs");
const rows=[];
for (const b of ["clean","review","rejected"]) { const f=path.join(out,b+".csv"); if(!fs.existsSync(f)) continue;
  for (const r of parse(fs.readFileSync(f),{columns:true,bom:true})) rows.push([Number(r.validation_line||0),r.email,b,r.validation_reason||"",r.validation_detail||""]); }
rows.sort((a,b)=>a[0]-b[0]); for (const r of rows) console.log([r[1].replace("olena.koval@",""),r[2],r[3],r[4]].join(" | "));
const rep=JSON.parse(fs.readFileSync(path.join(out,"report.json")));console.log("dns:",JSON.stringify(rep.dns));
' "$out" "$REPO"
cat "$out.stderr"
