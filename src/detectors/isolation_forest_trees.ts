import { Mulberry32 } from './mulberry32';

const EULER_GAMMA = 0.5772156649015329;

/**
 * c(n) of Liu et al. (2008): the average path length of an unsuccessful binary-search-tree search among n points,
 * used both to normalise path lengths and to credit a leaf that still holds n points.
 * c(0) = c(1) = 0, c(2) = 1, c(n) = 2·H(n − 1) − 2(n − 1)/n with H(k) = ln k + γ.
 */
export function averagePathLength(n: number): number {
  if (n <= 1) {
    return 0;
  }
  if (n === 2) {
    return 1;
  }
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/**
 * A forest of isolation trees over rows of a flat feature matrix (row r's features at r·dims .. r·dims + dims − 1),
 * rebuilt in place. Twin of pkg/detectors/isolation_forest_trees.go: the same draws in the same order.
 *
 * Nodes live in typed arrays in pre-order, so an internal node's left child is the next node and only the right
 * child's index is stored. A leaf has feature −1 and keeps c(its size) in `nodeValue`; an internal node keeps its
 * split value there. One build allocates nothing once the node pool has grown to its working size.
 */
export class IsolationForestModel {
  private readonly heightLimit: number;
  private readonly normaliser: number;
  private readonly roots: Int32Array;
  private readonly sample: Int32Array;
  /** The features a node may still draw (a permutation of 0..dims − 1, the identity between nodes). */
  private readonly featureList: Int32Array;
  /** Positions drawn for constant features at the current node, to restore featureList afterwards. */
  private readonly dropped: Int32Array;
  /** Range of the feature pickFeature found, over the node's points. */
  private splitMin = 0;
  private splitMax = 0;
  private nodeFeature: Int32Array;
  private nodeValue: Float64Array;
  private nodeRight: Int32Array;
  private used = 0;
  private perm: Int32Array = new Int32Array(0);
  private rows: Float64Array = new Float64Array(0);

  constructor(
    private readonly trees: number,
    private readonly psi: number,
    private readonly dims: number
  ) {
    this.heightLimit = 32 - Math.clz32(psi - 1); // ceil(log2 psi), in integers
    this.normaliser = averagePathLength(psi);
    this.roots = new Int32Array(trees);
    this.sample = new Int32Array(psi);
    this.featureList = new Int32Array(dims);
    for (let f = 0; f < dims; f++) {
      this.featureList[f] = f;
    }
    this.dropped = new Int32Array(dims);
    // A tree over psi points has at most 2·psi − 1 nodes unless a split leaves a side empty (p = min after
    // rounding); the pool grows in that rare case.
    const capacity = trees * (2 * psi - 1);
    this.nodeFeature = new Int32Array(capacity);
    this.nodeValue = new Float64Array(capacity);
    this.nodeRight = new Int32Array(capacity);
  }

  /**
   * Grows every tree from psi distinct rows among rows first .. first + count − 1 (count >= psi). Draw order, per
   * tree: psi draws of a partial Fisher–Yates shuffle of a permutation of the training rows that starts as the
   * identity at each build and carries over from tree to tree; then the tree's nodes in pre-order: a node with
   * more than one point below the height limit draws features until one varies (one draw per feature tried; if
   * none does, it becomes a leaf), then draws its split value.
   */
  build(rows: Float64Array, first: number, count: number, rng: Mulberry32): void {
    this.rows = rows;
    if (this.perm.length < count) {
      this.perm = new Int32Array(count);
    }
    const perm = this.perm;
    for (let i = 0; i < count; i++) {
      perm[i] = i;
    }
    this.used = 0;
    for (let tree = 0; tree < this.trees; tree++) {
      for (let j = 0; j < this.psi; j++) {
        const r = j + Math.floor(rng.uniform() * (count - j));
        const swap = perm[j];
        perm[j] = perm[r];
        perm[r] = swap;
        this.sample[j] = first + perm[j];
      }
      this.roots[tree] = this.used;
      this.grow(0, this.psi, 0, rng);
    }
  }

  /** s = 2^(−mean path length / c(psi)) of the row at `offset` of `features` (its first feature's index). */
  anomalyMeasure(features: Float64Array, offset: number): number {
    let total = 0;
    for (let tree = 0; tree < this.trees; tree++) {
      let node = this.roots[tree];
      let depth = 0;
      while (this.nodeFeature[node] >= 0) {
        node = features[offset + this.nodeFeature[node]] < this.nodeValue[node] ? node + 1 : this.nodeRight[node];
        depth++;
      }
      total += depth + this.nodeValue[node];
    }
    return Math.pow(2, -(total / this.trees) / this.normaliser);
  }

  /** iTree(X, e, l) of the paper over sample[lo .. hi − 1]; appends the subtree's nodes in pre-order. */
  private grow(lo: number, hi: number, depth: number, rng: Mulberry32): void {
    const node = this.newNode();
    const size = hi - lo;
    const feature = size > 1 && depth < this.heightLimit ? this.pickFeature(lo, hi, rng) : -1;
    if (feature < 0) {
      this.nodeFeature[node] = -1;
      this.nodeValue[node] = averagePathLength(size);
      return;
    }
    const split = this.splitMin + rng.uniform() * (this.splitMax - this.splitMin);
    const mid = this.partition(lo, hi, feature, split);
    this.nodeFeature[node] = feature;
    this.nodeValue[node] = split;
    this.grow(lo, mid, depth + 1, rng);
    this.nodeRight[node] = this.used;
    this.grow(mid, hi, depth + 1, rng);
  }

  /**
   * Draws the split feature uniformly among those that vary over sample[lo .. hi − 1] (a split on a constant one
   * would isolate nothing): q = list[floor(u·r)] from the r features still listed; a constant q is dropped, the last
   * listed feature taking its place, and the draw repeats. Costs O(node size) per draw, not O(node size · dims).
   * Returns −1 when every feature is constant (all points identical); otherwise sets splitMin/splitMax.
   */
  private pickFeature(lo: number, hi: number, rng: Mulberry32): number {
    const { rows, sample, dims, featureList, dropped } = this;
    let remaining = dims;
    let picked = -1;
    while (remaining > 0) {
      const j = Math.floor(rng.uniform() * remaining);
      const f = featureList[j];
      let min = Infinity;
      let max = -Infinity;
      for (let i = lo; i < hi; i++) {
        const x = rows[sample[i] * dims + f];
        if (x < min) {
          min = x;
        }
        if (x > max) {
          max = x;
        }
      }
      if (max > min) {
        picked = f;
        this.splitMin = min;
        this.splitMax = max;
        break;
      }
      dropped[dims - remaining] = j;
      remaining--;
      featureList[j] = featureList[remaining];
      featureList[remaining] = f;
    }
    // Undo the swaps in reverse order: the next node starts again from the features in ascending order.
    for (let d = dims - remaining - 1; d >= 0; d--) {
      const j = dropped[d];
      const last = dims - 1 - d;
      const swap = featureList[j];
      featureList[j] = featureList[last];
      featureList[last] = swap;
    }
    return picked;
  }

  /** Moves the points with feature < split to the front of sample[lo .. hi − 1]; returns the first other index. */
  private partition(lo: number, hi: number, feature: number, split: number): number {
    const { rows, sample, dims } = this;
    let mid = lo;
    for (let i = lo; i < hi; i++) {
      if (rows[sample[i] * dims + feature] < split) {
        const swap = sample[mid];
        sample[mid] = sample[i];
        sample[i] = swap;
        mid++;
      }
    }
    return mid;
  }

  private newNode(): number {
    if (this.used === this.nodeFeature.length) {
      const capacity = this.nodeFeature.length * 2;
      const feature = new Int32Array(capacity);
      const value = new Float64Array(capacity);
      const right = new Int32Array(capacity);
      feature.set(this.nodeFeature);
      value.set(this.nodeValue);
      right.set(this.nodeRight);
      this.nodeFeature = feature;
      this.nodeValue = value;
      this.nodeRight = right;
    }
    return this.used++;
  }
}
