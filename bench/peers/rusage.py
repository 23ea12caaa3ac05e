"""`python rusage.py CMD ARGS…`: runs CMD, passes its output through, then prints on stderr one
JSON line {cpu_s, wall_s} (user + system CPU time of CMD and its children)."""
import json
import resource
import subprocess
import sys
import time

wall = time.perf_counter()
code = subprocess.call(sys.argv[1:])
wall = time.perf_counter() - wall
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"cpu_s": usage.ru_utime + usage.ru_stime, "wall_s": wall}), file=sys.stderr)
sys.exit(code)
