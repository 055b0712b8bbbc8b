#!/bin/sh
# Measures `sessionlog search` on a store of realistic size beside sqlite3 doing the same search on
# OpenClaw's own database (benchmarks/README.md, "Search"). Needs the built jar
# (mvn -B -q -pl replay -am package -DskipTests), python3, sqlite3 and hyperfine (Debian packages);
# the build itself needs none of them.
# Usage: benchmarks/startup/search.sh [work dir] [sessions] [messages per session]
set -e
root=$(cd "$(dirname "$0")/../.." && pwd -P)
work=${1:-$(mktemp -d)}
sessions=${2:-1000}
messages=${3:-100}
if [ ! -d "$work/store" ]; then
  python3 "$root/benchmarks/startup/small-openclaw-agent.py" "$work" "$sessions" "$messages"
  "$root/bin/sessionlog" --store "$work/store" import-openclaw "$work/openclaw-agent.sqlite" > /dev/null 2>&1
fi
# the same question both ways: which events mention "message 42 of session 7" (sessions 7, 70-79, 700-799)
needle="message 42 of session 7"
echo "SELECT session_id, seq FROM transcript_events WHERE event_json LIKE '%$needle%';" > "$work/search.sql"
echo "store: $(du -sh "$work/store" | cut -f1) for $sessions sessions of $messages messages; database: $(du -sh "$work/openclaw-agent.sqlite" | cut -f1)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
hyperfine -N --warmup 1 --runs 10 --export-json "$work/search.json" \
  "$root/bin/sessionlog --store $work/store search -o jsonl --limit 100000 '$needle'" \
  "$root/bin/sessionlog --store $work/store search -o jsonl --limit 100000 --key agent:main:telegram:direct:100007 '$needle'" \
  "sqlite3 -readonly $work/openclaw-agent.sqlite '.read $work/search.sql'"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 -c "import json,sys,statistics; [print('median %.3f s  user+sys %.3f s  %s' % (statistics.median(r['times']), statistics.median([u + s for u, s in zip(r['user'], r['system'])]) if 'user' in r and isinstance(r['user'], list) else r.get('user', 0) + r.get('system', 0), r['command'][:90])) for r in json.load(open(sys.argv[1]))['results']]" "$work/search.json"
