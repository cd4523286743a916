/**
 * `dupecheck check`: a batch against the archive and against itself, as one report.
 *  - the batch against itself: the main pipeline (runPipeline);
 *  - the batch against the archive: for each new document (one per identical group), the
 *    archived documents with the same canonical text, or sharing an LSH band key (a key shared by
 *    more than maxBucket archived documents is not expanded, as in the main pipeline); those the
 *    pipeline's signature screen keeps (worthVerifying, on the stored signatures) are read back
 *    from the index, profiled again from their stored text, and verified exactly (comparePair);
 *  - clusters over all duplicate pairs; inside a cluster (up to 50 members) every pair that
 *    involves a new document is verified too. Pairs between two archived documents are not
 *    reported: the archive is what the batch is checked against, not what is checked.
 * Archived documents that take part in a pair are in the report, marked `archived`.
 *
 * A document of the batch that is itself archived (the same content, stored under the same path,
 * as when a CI job runs again after `check --add`) is marked `alreadyArchived` and is not compared
 * with its archived self; it is still compared with the batch and with the other archived
 * documents. The same content under another path is a copy, and is reported as one.
 */
import { comparePair, type PairResult } from '../compare/index.js';
import { templateFacts, templateLimit } from '../compare/facts.js';
import { boilerplateLimit } from '../candidates/index.js';
import { clusterPairs } from '../cluster/index.js';
import { permutations } from '../signatures/minhash.js';
import { profile, type DocProfile } from '../pipeline/profile.js';
import { assignIds, identicalGroups, relatedList, runPipeline, RELATION_RANK, type Doc, type Progress, type RunResult } from '../pipeline/run.js';
import { describeKept, worthVerifying } from '../pipeline/verify.js';
import type { Options } from '../pipeline/options.js';
import fs from 'node:fs';
import path from 'node:path';
import { realPath, type InputDoc, type Skipped } from '../read/index.js';
import type { ArchivedFlag } from '../report/model.js';
import { storedKeys, type Archive, type ArchivedRow } from './store.js';

/** Largest cluster whose pairs are all verified (as in the main pipeline). */
const CLUSTER_VERIFY_MAX = 50;

/**
 * Ids for a list of profiles (see assignIds), and where each input landed in the result. The
 * profiles are tagged in place, never copied: a profile may carry a lazily built text model.
 */
function withIds<T extends DocProfile & ArchivedFlag>(profiles: readonly T[]): { docs: Array<T & Doc>; pos: number[] } {
  const tagged = profiles.map((p, ord) => Object.assign(p, { ord }));
  const docs = assignIds(tagged) as Array<T & Doc & { ord: number }>;
  const pos: number[] = [];
  docs.forEach((d, i) => (pos[d.ord] = i));
  return { docs, pos };
}

/** An archived document as the pipeline sees it: its stored text profiled again. */
function archivedProfile(r: ArchivedRow, o: Options, perms: ReturnType<typeof permutations>): DocProfile & ArchivedFlag {
  const p: DocProfile & ArchivedFlag = profile(r.path, Buffer.from(r.text, 'utf8'), r.text, o, perms);
  // the stored hash and size are those of the bytes added (which may have had a BOM, or been Windows-1252)
  Object.assign(p, { contentHash: r.hash, bytes: r.bytes, archived: true });
  if (r.encoding) p.encoding = r.encoding;
  return p;
}

export interface ArchiveStats {
  archived: number;
  lookups: number;
  oversizedBuckets: number;
  candidatePairs: number;
  /** candidate pairs the signatures rule out (as in the pipeline), before the text is read back */
  dismissed: number;
  loaded: number;
  verified: number;
  /** documents of the batch that are archived themselves (same path and content) */
  alreadyArchived: number;
}

/** Whether a path as checked names the same file as a path as stored (both resolved from here, links followed). */
const samePath = (checked: string, stored: string) => checked === stored || realPath(checked) === realPath(stored);

/**
 * A checked document whose content is archived under another relative path that names no file
 * from the current folder, and that leads to the checked file from one of its folders: the same
 * file, added from another folder
 * (`index add seeds/` at the top, `check .` inside seeds/). It is reported as a copy of the
 * archived one, as the archive's rule says; the caller says why in a note.
 */
export interface StoredElsewhere {
  path: string;
  stored: string;
}

function storedElsewhere(checked: string, stored: string): boolean {
  if (path.isAbsolute(stored) || fs.existsSync(stored)) return false;
  // the checked file, named from another folder, is where the stored path leads from one of its
  // ancestors (seeds/000.txt stored, 000.txt checked inside seeds/): not another file of that name
  // (2026/story.txt checked, 2025/story.txt stored and since removed)
  const abs = path.resolve(checked);
  const tail = path.normalize(stored);
  return abs.endsWith(path.sep + tail) && path.normalize(checked) !== tail;
}

export async function checkBatch(index: Archive, inputs: InputDoc[], skipped: Skipped[], o: Options, progress?: Progress): Promise<RunResult & { storedElsewhere: StoredElsewhere[]; archived: number }> {
  const t0 = performance.now();
  const batch = runPipeline(inputs, skipped, o, progress);
  const t1 = performance.now();
  // counted while the archive is looked up (a server answers both at once)
  const counted = index.count();
  counted.catch(() => {}); // awaited below; a failure before that is not an unhandled rejection
  const stats: ArchiveStats = { archived: 0, lookups: 0, oversizedBuckets: 0, candidatePairs: 0, dismissed: 0, loaded: 0, verified: 0, alreadyArchived: 0 };

  // batch documents that are archived themselves: batch doc -> its archived self
  const self = new Map<number, number>();
  const elsewhere: StoredElsewhere[] = [];
  const archivedByHash = await index.byHashes([...new Set(batch.docs.map((d) => d.contentHash))]);
  batch.docs.forEach((d: DocProfile & ArchivedFlag, i) => {
    const stored = archivedByHash.get(d.contentHash);
    if (stored && samePath(d.path, stored.path)) {
      self.set(i, stored.doc);
      d.alreadyArchived = true;
    } else if (stored && storedElsewhere(d.path, stored.path)) elsewhere.push({ path: d.path, stored: stored.path });
  });
  stats.alreadyArchived = self.size;

  // candidates in the archive, for one member of each identical group of the batch: one that is
  // not archived itself when there is one (a copy under another path finds the archived original)
  const reps = identicalGroups(batch.docs).map((g) => g.find((i) => !self.has(i)) ?? g[0]);
  const against = new Map<number, Set<number>>(); // archived doc -> batch docs
  // an archived document that is a batch document's self is represented by that batch document,
  // which is compared with the rest of the batch: compared again from the archive, one pair
  // between two already archived documents was reported three times
  const selves = new Set(self.values());
  const candidate = (doc: number, i: number) => {
    if (selves.has(doc)) return;
    const s = against.get(doc) ?? new Set<number>();
    against.set(doc, s.add(i));
  };
  // every representative's lookups in one query (one round trip to a server)
  const answers = await index.candidates(
    reps.map((i) => ({ canonical: batch.docs[i].canonicalHash, keys: storedKeys(index.params, batch.docs[i]) })),
    o.maxBucket + 1,
  );
  reps.forEach((i, n) => {
    const a = answers[n];
    for (const doc of a.identical.slice(0, o.maxBucket)) candidate(doc, i);
    for (const bucket of a.buckets) {
      stats.lookups++;
      if (bucket.length > o.maxBucket) stats.oversizedBuckets++;
      else for (const doc of bucket) candidate(doc, i);
    }
    progress?.('archive', n + 1, reps.length);
  });
  stats.archived = await counted;
  // the pipeline's signature screen, on the stored signatures, before any text is read back
  const sigs = await index.signatures([...against.keys()]);
  for (const [doc, batchDocs] of against) {
    const stored = sigs.get(doc);
    // removed (index remove) since the lookup: nothing to compare with
    if (!stored) {
      against.delete(doc);
      continue;
    }
    for (const i of batchDocs) {
      stats.candidatePairs++;
      if (!worthVerifying(stored, batch.docs[i])) {
        stats.dismissed++;
        batchDocs.delete(i);
      }
    }
    if (batchDocs.size === 0) against.delete(doc);
  }
  const perms = permutations(o.numPerm, o.seed);
  const rows = await index.load([...against.keys()]);
  // those still there (one removed meanwhile is left out)
  const archivedDocs = rows.map((r) => r.doc);
  const loaded = rows.map((row, n) => {
    const p = archivedProfile(row, o, perms);
    progress?.('loading', n + 1, archivedDocs.length);
    return p;
  });
  stats.loaded = loaded.length;
  const t2 = performance.now();

  // everything in one numbering: the batch first, then the archived candidates
  const all = withIds<DocProfile & ArchivedFlag>([...batch.docs, ...loaded]);
  const docs = all.docs;
  const isRep = new Set([...reps.map((i) => all.pos[i]), ...loaded.map((_, k) => all.pos[batch.docs.length + k])]);
  const results = new Map<number, PairResult | null>();
  const key = (i: number, j: number) => (i < j ? i * docs.length + j : j * docs.length + i);
  // the batch's pairs, related ones included (a batch is small: all reported are built)
  const batchRelated = Array.from({ length: batch.related.pairs.length / 2 }, (_, t) => batch.related.at(t));
  for (const p of [...batch.pairs, ...batchRelated]) {
    const [a, b] = [all.pos[p.a], all.pos[p.b]];
    results.set(key(a, b), { ...p, a, b });
  }
  // the template facts of the documents compared here (the batch and its archived candidates), one
  // of each identical group, as a batch run takes them from its batch (compare/facts.ts)
  const compared = docs.filter((_, i) => isRep.has(i));
  const template = templateFacts(compared, templateLimit(boilerplateLimit(o, compared.length), compared.length));
  const verify = (i: number, j: number) => {
    const [a, b] = i < j ? [i, j] : [j, i];
    if (results.has(key(a, b))) return;
    stats.verified++;
    results.set(key(a, b), comparePair(a, b, docs[a], docs[b], o, { passages: true, template }));
  };
  archivedDocs.forEach((_, k) => {
    for (const i of against.get(archivedDocs[k])!) {
      verify(all.pos[i], all.pos[batch.docs.length + k]);
    }
  });
  const found = () => [...results.values()].filter((r): r is PairResult => r !== null);
  const dupPairs = () => found().filter((r) => r.duplicate).map((r) => [r.a, r.b] as const);
  for (const g of clusterPairs(docs.length, dupPairs())) {
    const rs = g.filter((i) => isRep.has(i));
    if (rs.length > CLUSTER_VERIFY_MAX) continue;
    for (let x = 0; x < rs.length; x++) {
      for (let y = x + 1; y < rs.length; y++) {
        const [u, v] = [docs[rs[x]], docs[rs[y]]];
        if (!(u.archived && v.archived) && u.canonicalHash !== v.canonicalHash) verify(rs[x], rs[y]);
      }
    }
  }
  for (const r of found()) if (r.duplicate && !r.details) describeKept(r, docs[r.a], docs[r.b]);
  const t3 = performance.now();

  // the report: the batch, and the archived documents that take part in a pair
  const inPair = new Set(found().flatMap((r) => [r.a, r.b]));
  const keep = docs.map((d, i) => (!d.archived || inPair.has(i) ? i : -1)).filter((i) => i >= 0);
  const final = withIds(keep.map((i) => docs[i]));
  const at = new Map(keep.map((i, k) => [i, final.pos[k]]));
  const ordered = found()
    .map((r) => ({ ...r, a: at.get(r.a)!, b: at.get(r.b)! }))
    .sort((x, y) => RELATION_RANK[x.relation] - RELATION_RANK[y.relation] || x.a - y.a || x.b - y.b);
  const pairs = ordered.filter((r) => r.duplicate);
  const related = ordered.filter((r) => !r.duplicate);
  // the batch's related pairs not reported are counted, the archive's are all reported
  const archiveRelated = related.length - batchRelated.length;
  // the batch's reuse clusters, in the report's numbering
  const docOf = batch.reuse.docOf.map((i) => at.get(all.pos[i])!);
  const ms = (x: number) => Math.round(x);
  return {
    docs: final.docs,
    pairs,
    related: relatedList(related, batch.related.count + archiveRelated, batch.related.mode),
    reuse: { clusters: batch.reuse.clusters, docOf },
    clusters: clusterPairs(final.docs.length, pairs.map((r) => [r.a, r.b] as const)),
    skipped,
    stats: {
      timings: { ...batch.stats.timings, batch: ms(t1 - t0), archiveLookup: ms(t2 - t1), archiveCompare: ms(t3 - t2), total: ms(performance.now() - t0) },
      candidates: Object.assign({}, batch.stats.candidates, { archive: stats }),
    },
    storedElsewhere: elsewhere,
    archived: stats.archived,
  };
}
