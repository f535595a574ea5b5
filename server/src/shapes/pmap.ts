// A persistent (immutable, structurally shared) string-keyed hash map: a hash array mapped trie.
// Updates copy one path of at most 7 nodes; `merge` skips subtrees that two maps share, so joining
// two contexts that differ in a few keys costs time in the difference, not in the size.

const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;
const MAX_SHIFT = 30;

interface Leaf<V> {
  t: 0;
  h: number;
  k: string;
  v: V;
}
interface Collision<V> {
  t: 1;
  h: number;
  leaves: Leaf<V>[];
}
interface Branch<V> {
  t: 2;
  bitmap: number;
  kids: Node<V>[];
}
type Node<V> = Leaf<V> | Collision<V> | Branch<V>;

/** FNV-1a over UTF-16 units: stable across runs, so iteration order never depends on the process. */
function hashKey(k: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < k.length; i++) {
    h ^= k.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function frag(h: number, shift: number): number {
  return (h >>> shift) & MASK;
}

function leafHash(n: Leaf<unknown> | Collision<unknown>): number {
  return n.h;
}

/** Two leaf-ish nodes with different hashes, placed under a branch at `shift`. */
function pair<V>(a: Leaf<V> | Collision<V>, b: Leaf<V> | Collision<V>, shift: number): Node<V> {
  if (shift > MAX_SHIFT) {
    // Out of hash bits: keep both in a collision list (only reachable with equal hashes).
    const leaves = [...(a.t === 0 ? [a] : a.leaves), ...(b.t === 0 ? [b] : b.leaves)];
    return { t: 1, h: a.h, leaves };
  }
  const fa = frag(leafHash(a), shift);
  const fb = frag(leafHash(b), shift);
  if (fa === fb) return { t: 2, bitmap: 1 << fa, kids: [pair(a, b, shift + BITS)] };
  return { t: 2, bitmap: (1 << fa) | (1 << fb), kids: fa < fb ? [a, b] : [b, a] };
}

function getNode<V>(node: Node<V> | undefined, h: number, k: string): V | undefined {
  let n = node;
  let shift = 0;
  while (n) {
    if (n.t === 0) return n.h === h && n.k === k ? n.v : undefined;
    if (n.t === 1) {
      if (n.h !== h) return undefined;
      for (const l of n.leaves) if (l.k === k) return l.v;
      return undefined;
    }
    const bit = 1 << frag(h, shift);
    if ((n.bitmap & bit) === 0) return undefined;
    n = n.kids[popcount(n.bitmap & (bit - 1))];
    shift += BITS;
  }
  return undefined;
}

function setNode<V>(n: Node<V> | undefined, shift: number, leaf: Leaf<V>): Node<V> {
  if (!n) return leaf;
  if (n.t === 0) {
    if (n.h === leaf.h && n.k === leaf.k) return n.v === leaf.v ? n : leaf;
    if (n.h === leaf.h) return { t: 1, h: n.h, leaves: [n, leaf] };
    return pair(n, leaf, shift);
  }
  if (n.t === 1) {
    if (n.h === leaf.h) {
      const i = n.leaves.findIndex((l) => l.k === leaf.k);
      if (i >= 0 && n.leaves[i].v === leaf.v) return n;
      const leaves = n.leaves.slice();
      if (i >= 0) leaves[i] = leaf;
      else leaves.push(leaf);
      return { t: 1, h: n.h, leaves };
    }
    return pair(n, leaf, shift);
  }
  const f = frag(leaf.h, shift);
  const bit = 1 << f;
  const idx = popcount(n.bitmap & (bit - 1));
  if ((n.bitmap & bit) === 0) {
    const kids = n.kids.slice();
    kids.splice(idx, 0, leaf);
    return { t: 2, bitmap: n.bitmap | bit, kids };
  }
  const child = n.kids[idx];
  const next = setNode(child, shift + BITS, leaf);
  if (next === child) return n;
  const kids = n.kids.slice();
  kids[idx] = next;
  return { t: 2, bitmap: n.bitmap, kids };
}

function deleteNode<V>(n: Node<V> | undefined, shift: number, h: number, k: string): Node<V> | undefined {
  if (!n) return n;
  if (n.t === 0) return n.h === h && n.k === k ? undefined : n;
  if (n.t === 1) {
    if (n.h !== h) return n;
    const leaves = n.leaves.filter((l) => l.k !== k);
    if (leaves.length === n.leaves.length) return n;
    return leaves.length === 1 ? leaves[0] : { t: 1, h: n.h, leaves };
  }
  const bit = 1 << frag(h, shift);
  if ((n.bitmap & bit) === 0) return n;
  const idx = popcount(n.bitmap & (bit - 1));
  const child = n.kids[idx];
  const next = deleteNode(child, shift + BITS, h, k);
  if (next === child) return n;
  if (!next) {
    const bitmap = n.bitmap & ~bit;
    if (bitmap === 0) return undefined;
    const kids = n.kids.slice();
    kids.splice(idx, 1);
    // Collapse a branch left with a single leaf so that equal maps keep equal shapes.
    if (kids.length === 1 && kids[0].t !== 2) return kids[0];
    return { t: 2, bitmap, kids };
  }
  const kids = n.kids.slice();
  kids[idx] = next;
  if (kids.length === 1 && next.t !== 2) return next;
  return { t: 2, bitmap: n.bitmap, kids };
}

function eachNode<V>(n: Node<V> | undefined, fn: (k: string, v: V) => void): void {
  if (!n) return;
  const stack: Node<V>[] = [n];
  while (stack.length) {
    const x = stack.pop()!;
    if (x.t === 0) fn(x.k, x.v);
    else if (x.t === 1) for (const l of x.leaves) fn(l.k, l.v);
    else for (let i = x.kids.length - 1; i >= 0; i--) stack.push(x.kids[i]);
  }
}

/** What `merge` does with a key: both sides hold it, or only one does. */
export interface MergeFns<V> {
  both(a: V, b: V, key: string): V;
  /** A key only in the left map: its new value, or undefined to drop it. */
  onlyA(a: V, key: string): V | undefined;
  onlyB(b: V, key: string): V | undefined;
  /** `onlyA` / `onlyB` return their argument unchanged: whole subtrees of one side are kept as they are. */
  keepA?: boolean;
  keepB?: boolean;
}

function leavesOf<V>(n: Node<V>): Leaf<V>[] {
  const out: Leaf<V>[] = [];
  eachNode(n, (k, v) => out.push({ t: 0, h: hashKey(k), k, v }));
  return out;
}

function mapOnly<V>(n: Node<V> | undefined, fn: (v: V, k: string) => V | undefined, shift: number): Node<V> | undefined {
  if (!n) return n;
  let changed = false;
  let out: Node<V> | undefined;
  const entries: Leaf<V>[] = leavesOf(n);
  const kept: Leaf<V>[] = [];
  for (const l of entries) {
    const v = fn(l.v, l.k);
    if (v !== l.v) changed = true;
    if (v !== undefined) kept.push(v === l.v ? l : { t: 0, h: l.h, k: l.k, v });
  }
  if (!changed) return n;
  for (const l of kept) out = setNode(out, shift, l);
  return out;
}

function getLeaf<V>(n: Node<V> | undefined, shift: number, h: number, k: string): Leaf<V> | undefined {
  let x = n;
  let sh = shift;
  while (x) {
    if (x.t === 0) return x.h === h && x.k === k ? x : undefined;
    if (x.t === 1) return x.h === h ? x.leaves.find((l) => l.k === k) : undefined;
    const bit = 1 << frag(h, sh);
    if ((x.bitmap & bit) === 0) return undefined;
    x = x.kids[popcount(x.bitmap & (bit - 1))];
    sh += BITS;
  }
  return undefined;
}

/** Merges the entries of a leaf or collision list into a branch whose other keys stay as they are. */
function mergeFew<V>(big: Node<V>, few: Leaf<V> | Collision<V>, shift: number, both: (big: V, few: V, k: string) => V | undefined, only: (few: V, k: string) => V | undefined): Node<V> | undefined {
  let out: Node<V> | undefined = big;
  for (const l of few.t === 0 ? [few] : few.leaves) {
    const hit = getLeaf(big, shift, l.h, l.k);
    const v = hit ? both(hit.v, l.v, l.k) : only(l.v, l.k);
    if (v === undefined) out = deleteNode(out, shift, l.h, l.k);
    else if (!hit || v !== hit.v) out = setNode(out, shift, { t: 0, h: l.h, k: l.k, v });
  }
  return out;
}

function mergeNode<V>(a: Node<V> | undefined, b: Node<V> | undefined, shift: number, fns: MergeFns<V>): Node<V> | undefined {
  if (a === b) return a;
  if (!b) return fns.keepA ? a : mapOnly(a, (v, k) => fns.onlyA(v, k), shift);
  if (!a) return fns.keepB ? b : mapOnly(b, (v, k) => fns.onlyB(v, k), shift);
  // A big side against a few entries, where the big side's own keys stay as they are: visit only the few.
  if (a.t === 2 && b.t !== 2 && fns.keepA) return mergeFew(a, b, shift, (big, few, k) => fns.both(big, few, k), (few, k) => fns.onlyB(few, k));
  if (b.t === 2 && a.t !== 2 && fns.keepB) return mergeFew(b, a, shift, (big, few, k) => fns.both(few, big, k), (few, k) => fns.onlyA(few, k));
  if (a.t === 2 && b.t === 2 && shift <= MAX_SHIFT) {
    const bitmap = a.bitmap | b.bitmap;
    const kids: Node<V>[] = [];
    let outBitmap = 0;
    let same = true;
    let ia = 0;
    let ib = 0;
    for (let rest = bitmap; rest !== 0; rest &= rest - 1) {
      const bit = rest & -rest;
      const ka = a.bitmap & bit ? a.kids[ia++] : undefined;
      const kb = b.bitmap & bit ? b.kids[ib++] : undefined;
      const m = ka === kb ? ka : mergeNode(ka, kb, shift + BITS, fns);
      if (m !== ka) same = false;
      if (m) {
        kids.push(m);
        outBitmap |= bit;
      }
    }
    if (same) return a;
    // The result may equal the right side: keep its nodes, so that later merges with maps
    // derived from it find shared subtrees.
    if (outBitmap === b.bitmap && kids.every((k, i) => k === b.kids[i])) return b;
    if (outBitmap === 0) return undefined;
    if (kids.length === 1 && kids[0].t !== 2) return kids[0];
    return { t: 2, bitmap: outBitmap, kids };
  }
  // At least one side is a leaf or a collision list: merge entry by entry (few entries here).
  const la = leavesOf(a);
  const lb = new Map<string, Leaf<V>>();
  for (const l of leavesOf(b)) lb.set(l.k, l);
  let out: Node<V> | undefined = a;
  for (const l of la) {
    const other = lb.get(l.k);
    let v: V | undefined;
    if (other) {
      v = fns.both(l.v, other.v, l.k);
      lb.delete(l.k);
    } else v = fns.onlyA(l.v, l.k);
    if (v === undefined) out = deleteNode(out, shift, l.h, l.k);
    else if (v !== l.v) out = setNode(out, shift, { t: 0, h: l.h, k: l.k, v });
  }
  for (const l of lb.values()) {
    const v = fns.onlyB(l.v, l.k);
    if (v !== undefined) out = setNode(out, shift, v === l.v ? l : { t: 0, h: l.h, k: l.k, v });
  }
  return out;
}

function diffNode<V>(a: Node<V> | undefined, b: Node<V> | undefined, shift: number, fn: (key: string, a: V | undefined, b: V | undefined) => void): void {
  if (a === b) return;
  if (!a) return eachNode(b, (k, v) => fn(k, undefined, v));
  if (!b) return eachNode(a, (k, v) => fn(k, v, undefined));
  if (a.t === 2 && b.t === 2) {
    const bitmap = a.bitmap | b.bitmap;
    for (let f = 0; f < WIDTH; f++) {
      const bit = 1 << f;
      if ((bitmap & bit) === 0) continue;
      const ka = a.bitmap & bit ? a.kids[popcount(a.bitmap & (bit - 1))] : undefined;
      const kb = b.bitmap & bit ? b.kids[popcount(b.bitmap & (bit - 1))] : undefined;
      diffNode(ka, kb, shift + BITS, fn);
    }
    return;
  }
  const mb = new Map<string, V>();
  eachNode(b, (k, v) => mb.set(k, v));
  eachNode(a, (k, v) => {
    const other = mb.get(k);
    const has = mb.has(k);
    mb.delete(k);
    if (!has) fn(k, v, undefined);
    else if (other !== v) fn(k, v, other);
  });
  for (const [k, v] of mb) fn(k, undefined, v);
}

export class PMap<V> {
  private cachedSize: number;

  private constructor(
    private readonly root: Node<V> | undefined,
    size: number,
  ) {
    this.cachedSize = size;
  }

  private static readonly EMPTY = new PMap<never>(undefined, 0);

  /** Number of keys (counted on first use after a merge: merges stay proportional to the difference). */
  get size(): number {
    if (this.cachedSize < 0) {
      let n = 0;
      eachNode(this.root, () => n++);
      this.cachedSize = n;
    }
    return this.cachedSize;
  }

  static empty<V>(): PMap<V> {
    return PMap.EMPTY as unknown as PMap<V>;
  }

  static from<V>(entries: Iterable<[string, V]>): PMap<V> {
    let m = PMap.empty<V>();
    for (const [k, v] of entries) m = m.set(k, v);
    return m;
  }

  get(k: string): V | undefined {
    return getNode(this.root, hashKey(k), k);
  }

  has(k: string): boolean {
    return this.get(k) !== undefined;
  }

  set(k: string, v: V): PMap<V> {
    const h = hashKey(k);
    const had = getNode(this.root, h, k) !== undefined;
    const root = setNode(this.root, 0, { t: 0, h, k, v });
    if (root === this.root) return this;
    return new PMap(root, this.cachedSize < 0 ? -1 : had ? this.cachedSize : this.cachedSize + 1);
  }

  delete(k: string): PMap<V> {
    const h = hashKey(k);
    if (getNode(this.root, h, k) === undefined) return this;
    const root = deleteNode(this.root, 0, h, k);
    return root ? new PMap(root, this.cachedSize < 0 ? -1 : this.cachedSize - 1) : PMap.empty<V>();
  }

  forEach(fn: (v: V, k: string) => void): void {
    eachNode(this.root, (k, v) => fn(v, k));
  }

  keys(): string[] {
    const out: string[] = [];
    eachNode(this.root, (k) => out.push(k));
    return out;
  }

  entries(): [string, V][] {
    const out: [string, V][] = [];
    eachNode(this.root, (k, v) => out.push([k, v]));
    return out;
  }

  /**
   * Combines two maps key by key. Shared subtrees are skipped (so `both(v, v)` must be `v`), and
   * the result is `this` itself when nothing changed, which makes fixpoint checks an identity test.
   */
  merge(other: PMap<V>, fns: MergeFns<V>): PMap<V> {
    if (other.root === this.root) return this;
    const root = mergeNode(this.root, other.root, 0, fns);
    if (root === this.root) return this;
    if (!root) return PMap.empty<V>();
    return new PMap(root, -1);
  }

  /** Calls `fn` for every key whose value differs by identity (shared subtrees are skipped). */
  diff(other: PMap<V>, fn: (key: string, a: V | undefined, b: V | undefined) => void): void {
    diffNode(this.root, other.root, 0, fn);
  }

  /** Maps every value (identity kept when `fn` returns the same value everywhere). */
  map(fn: (v: V, k: string) => V | undefined): PMap<V> {
    const root = mapOnly(this.root, fn, 0);
    if (root === this.root) return this;
    if (!root) return PMap.empty<V>();
    return new PMap(root, -1);
  }

  get isEmpty(): boolean {
    return this.root === undefined;
  }
}
