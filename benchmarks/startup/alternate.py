#!/usr/bin/env python3
# Times two builds of `sessionlog sessions` in alternating single runs, so that both meet the same
# load on a shared machine (benchmarks/README.md, "CLI start-up"). Usage:
#   benchmarks/startup/alternate.py <store> <rounds> [<launcher before> <launcher after>]
# The launchers default to a worktree of the older commit at /tmp/old-cli and this checkout.
import subprocess, time, statistics, sys, os, resource
S=sys.argv[1]; n=int(sys.argv[2])
root=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
before=sys.argv[3] if len(sys.argv)>4 else '/tmp/old-cli/bin/sessionlog'
after=sys.argv[4] if len(sys.argv)>4 else os.path.join(root,'bin','sessionlog')
cmds={'before':[before,'--store',S,'sessions'],'after':[after,'--store',S,'sessions']}
res={k:[] for k in cmds}; cpu={k:[] for k in cmds}
for k in cmds: subprocess.run(cmds[k],stdout=subprocess.DEVNULL)
for i in range(n):
    for k in (['before','after'] if i%2==0 else ['after','before']):
        r0=resource.getrusage(resource.RUSAGE_CHILDREN); t=time.perf_counter()
        subprocess.run(cmds[k],stdout=subprocess.DEVNULL)
        res[k].append(time.perf_counter()-t); r1=resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[k].append(r1.ru_utime-r0.ru_utime+r1.ru_stime-r0.ru_stime)
print(open('/proc/loadavg').read().strip())
for k in cmds: print(k, 'median wall %.3f s (min %.3f, max %.3f), median CPU %.3f s'%(statistics.median(res[k]),min(res[k]),max(res[k]),statistics.median(cpu[k])))
