#!/usr/bin/env python3
"""Writes a small OpenClaw agent twice: as transcript files (sessions/*.jsonl and sessions.json, for
`sessionlog import-openclaw`) and as OpenClaw's SQLite database (openclaw-agent.sqlite, table
transcript_events with the same JSON lines), so that `sessionlog sessions` and `sqlite3` list the
same sessions. Usage: small-openclaw-agent.py <dir> [sessions] [messages per session]"""
import datetime
import json
import os
import random
import sqlite3
import sys
import uuid

out = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 20
messages = int(sys.argv[3]) if len(sys.argv) > 3 else 20
random.seed(7)
os.makedirs(os.path.join(out, "sessions"), exist_ok=True)
db = sqlite3.connect(os.path.join(out, "openclaw-agent.sqlite"))
db.execute("PRAGMA journal_mode=WAL")
db.execute("CREATE TABLE IF NOT EXISTS transcript_events(session_id TEXT NOT NULL, seq INTEGER NOT NULL,"
           " event_json TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY(session_id, seq))")


def iso(ms):
    return datetime.datetime.fromtimestamp(ms / 1000, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (ms % 1000)


index = {}
start = 1776073265000
for s in range(count):
    session = str(uuid.UUID(int=random.getrandbits(128)))
    t = start + s * 60000
    lines = [{"type": "session", "version": 3, "id": session, "timestamp": iso(t), "cwd": "/home/ana"}]
    parent = None
    for i in range(messages):
        t += 1000
        entry = "%08x" % random.getrandbits(32)
        if i % 2 == 0:
            message = {"role": "user", "content": [{"type": "text", "text": "message %d of session %d" % (i, s)}], "timestamp": t}
        else:
            message = {"role": "assistant", "content": [{"type": "text", "text": "reply %d" % i}], "api": "anthropic-messages",
                       "provider": "anthropic", "model": "claude-sonnet-4-6",
                       "usage": {"input": 100, "output": 20, "cacheRead": 0, "cacheWrite": 0, "totalTokens": 120,
                                 "cost": {"input": 0.001, "output": 0.001, "cacheRead": 0, "cacheWrite": 0, "total": 0.002}},
                       "stopReason": "stop", "timestamp": t}
        lines.append({"type": "message", "id": entry, "parentId": parent, "timestamp": iso(t), "message": message})
        parent = entry
    with open(os.path.join(out, "sessions", session + ".jsonl"), "w") as f:
        for line in lines:
            f.write(json.dumps(line, separators=(",", ":")) + "\n")
    for seq, line in enumerate(lines):
        db.execute("INSERT OR REPLACE INTO transcript_events VALUES(?,?,?,?)",
                   (session, seq, json.dumps(line, separators=(",", ":")), start + s * 60000 + seq * 1000))
    index["agent:main:telegram:direct:%d" % (100000 + s)] = {"sessionId": session, "updatedAt": t,
                                                           "channel": "telegram", "chatType": "direct"}
with open(os.path.join(out, "sessions", "sessions.json"), "w") as f:
    json.dump(index, f)
db.commit()
db.close()
