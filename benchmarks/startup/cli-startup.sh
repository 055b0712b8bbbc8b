#!/bin/sh
# Measures `sessionlog sessions` on a small store beside sqlite3 listing the same sessions from
# OpenClaw's database (benchmarks/README.md, "CLI start-up"). Needs the built jar
# (mvn -B -q -pl replay -am package -DskipTests), python3, sqlite3 and hyperfine (Debian packages);
# the build itself needs none of them. Usage: benchmarks/startup/cli-startup.sh [work dir]
set -e
root=$(cd "$(dirname "$0")/../.." && pwd -P)
work=${1:-$(mktemp -d)}
python3 "$root/benchmarks/startup/small-openclaw-agent.py" "$work" 20 20
"$root/bin/sessionlog" --store "$work/store" import-openclaw "$work/sessions" > /dev/null 2>&1
listing="SELECT session_id, count(*) AS events, min(created_at) AS created, max(created_at) AS updated
  FROM transcript_events GROUP BY session_id ORDER BY updated DESC LIMIT 1000"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
hyperfine -N --warmup 2 --runs 10 --export-json "$work/cli-startup.json" \
  "$root/bin/sessionlog --store $work/store sessions" \
  "java -jar $root/replay/target/sessionlog.jar --store $work/store sessions" \
  "sqlite3 -readonly $work/openclaw-agent.sqlite '$listing'"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 -c "import json,sys,statistics; [print('median %.3f s  %s' % (statistics.median(r['times']), r['command'][:70])) for r in json.load(open(sys.argv[1]))['results']]" "$work/cli-startup.json"
