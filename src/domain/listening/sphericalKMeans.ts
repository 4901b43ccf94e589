// Spherical k-means (cosine similarity on unit vectors) with k-means++ seeding: the themes'
// centres in the latent space. Runs on the rows listed in `members`, so a theme can be split
// into sub-themes by running it again on its own comments.
import { type TDense } from "./linearAlgebra.ts";
import { type TRandom } from "./random.ts";

export type TClustering = { k: number; assignment: Int32Array; centroids: Float64Array; similarity: Float64Array; objective: number };

function seed(points: TDense, members: number[], k: number, random: TRandom): Float64Array {
  const d = points.cols;
  const centroids = new Float64Array(k * d);
  const first = members[Math.floor(random() * members.length)]!;
  centroids.set(points.data.subarray(first * d, first * d + d), 0);
  const best = new Float64Array(members.length).fill(Infinity);
  for (let c = 1; c < k; c++) {
    let total = 0;
    members.forEach((i, m) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += points.data[i * d + j]! * centroids[(c - 1) * d + j]!;
      const dist = Math.max(0, 1 - s);
      if (dist < best[m]!) best[m] = dist;
      total += best[m]! * best[m]!;
    });
    let r = random() * total;
    let chosen = members[members.length - 1]!;
    for (let m = 0; m < members.length; m++) {
      r -= best[m]! * best[m]!;
      if (r <= 0) {
        chosen = members[m]!;
        break;
      }
    }
    centroids.set(points.data.subarray(chosen * d, chosen * d + d), c * d);
  }
  return centroids;
}

function run(points: TDense, members: number[], k: number, random: TRandom, initial?: Float64Array): TClustering {
  const d = points.cols;
  const centroids = initial ? Float64Array.from(initial) : seed(points, members, k, random);
  const assignment = new Int32Array(members.length).fill(-1);
  const similarity = new Float64Array(members.length);
  let objective = 0;
  for (let iter = 0; iter < 40; iter++) {
    let changed = 0;
    objective = 0;
    for (let m = 0; m < members.length; m++) {
      const o = members[m]! * d;
      let bestC = 0;
      let bestS = -Infinity;
      for (let c = 0; c < k; c++) {
        let s = 0;
        const co = c * d;
        for (let j = 0; j < d; j++) s += points.data[o + j]! * centroids[co + j]!;
        if (s > bestS) {
          bestS = s;
          bestC = c;
        }
      }
      if (assignment[m] !== bestC) changed++;
      assignment[m] = bestC;
      similarity[m] = bestS;
      objective += bestS;
    }
    centroids.fill(0);
    const counts = new Int32Array(k);
    for (let m = 0; m < members.length; m++) {
      const c = assignment[m]!;
      counts[c]!++;
      const o = members[m]! * d;
      for (let j = 0; j < d; j++) centroids[c * d + j]! += points.data[o + j]!;
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) {
        // An empty centre restarts at the member it fits worst.
        let worst = 0;
        for (let m = 1; m < members.length; m++) if (similarity[m]! < similarity[worst]!) worst = m;
        centroids.set(points.data.subarray(members[worst]! * d, members[worst]! * d + d), c * d);
        similarity[worst] = Infinity;
        changed++;
        continue;
      }
      let n = 0;
      for (let j = 0; j < d; j++) n += centroids[c * d + j]! ** 2;
      n = Math.sqrt(n) || 1;
      for (let j = 0; j < d; j++) centroids[c * d + j]! /= n;
    }
    if (changed === 0) break;
  }
  return { k, assignment, centroids, similarity, objective };
}

/** The best of `restarts` runs (highest total similarity). `initial` centroids skip the seeding (one run). */
export function sphericalKMeans(points: TDense, members: number[], k: number, random: TRandom, restarts = 3, initial?: Float64Array): TClustering {
  if (initial) return run(points, members, k, random, initial);
  let best: TClustering | undefined;
  for (let r = 0; r < restarts; r++) {
    const c = run(points, members, k, random);
    if (!best || c.objective > best.objective) best = c;
  }
  return best!;
}

/** Mean silhouette (cosine distance) of a clustering of `members`, from their precomputed pairwise distances. */
export function silhouette(distances: Float32Array, n: number, assignment: Int32Array, k: number): number {
  const counts = new Int32Array(k);
  for (let i = 0; i < n; i++) counts[assignment[i]!]!++;
  let total = 0;
  const sums = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    sums.fill(0);
    for (let j = 0; j < n; j++) if (j !== i) sums[assignment[j]!]! += distances[i * n + j]!;
    const own = assignment[i]!;
    if (counts[own]! <= 1) continue;
    const a = sums[own]! / (counts[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && counts[c]! > 0) b = Math.min(b, sums[c]! / counts[c]!);
    if (b === Infinity) continue;
    total += (b - a) / Math.max(a, b);
  }
  return total / n;
}
