"""The datasketch peer (benchmarks only): the same job with datasketch's MinHash and MinHashLSH,
as its documentation shows it: word 5-shingles, 128 permutations, MinHashLSH(threshold=0.5), every
document inserted, then queried; the candidates a query returns are the pairs reported.

Run with Debian's Python and numpy/scipy (apt-get install -y python3-numpy python3-scipy):
  PYTHONPATH=../shared/peers/datasketch /usr/bin/python3 bench/datasketch_peer.py DIR
Prints {"ms", "files", "pairs": [[a, b], ...]} as JSON.
"""
import json
import os
import re
import sys
import time

from datasketch import MinHash, MinHashLSH

t0 = time.perf_counter()
root = sys.argv[1]
threshold = float(sys.argv[2]) if len(sys.argv) > 2 else 0.5
files = []
for d, _, names in os.walk(root):
    files.extend(os.path.join(d, n) for n in names if n.endswith('.txt'))
files.sort()
word = re.compile(r'\w+')
lsh = MinHashLSH(threshold=threshold, num_perm=128)
sigs = []
for i, f in enumerate(files):
    with open(f, encoding='utf-8', errors='replace') as fh:
        words = word.findall(fh.read().lower())
    shingles = {' '.join(words[k:k + 5]).encode('utf-8') for k in range(max(0, len(words) - 4))}
    m = MinHash(num_perm=128)
    m.update_batch(list(shingles))
    lsh.insert(str(i), m)
    sigs.append(m)
pairs = set()
for i, m in enumerate(sigs):
    for j in lsh.query(m):
        j = int(j)
        if j != i:
            pairs.add((min(i, j), max(i, j)))
out = {'ms': (time.perf_counter() - t0) * 1000, 'files': len(files), 'pairs': [[files[a], files[b]] for a, b in sorted(pairs)]}
sys.stdout.write(json.dumps(out) + '\n')
