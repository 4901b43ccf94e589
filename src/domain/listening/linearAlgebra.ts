// The little linear algebra the analysis needs, on plain typed arrays (row-major): a sparse
// matrix of term weights, a truncated SVD by random projection (Halko, Martinsson & Tropp 2011)
// for the latent semantic space, and a symmetric eigensolver for the small matrices it leaves.
import { type TRandom } from "./random.ts";

/** Compressed sparse rows: row i's entries are cols/values[rowStart[i] .. rowStart[i+1]). */
export type TSparseRows = { rows: number; cols: number; rowStart: Int32Array; colIndex: Int32Array; values: Float64Array };

/** A dense rows × cols matrix. */
export type TDense = { rows: number; cols: number; data: Float64Array };

const dense = (rows: number, cols: number): TDense => ({ rows, cols, data: new Float64Array(rows * cols) });

function gaussian(random: TRandom): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A · B (A sparse n×V, B dense V×l). */
function sparseTimes(a: TSparseRows, b: TDense): TDense {
  const out = dense(a.rows, b.cols);
  const l = b.cols;
  for (let i = 0; i < a.rows; i++) {
    const o = i * l;
    for (let p = a.rowStart[i]!; p < a.rowStart[i + 1]!; p++) {
      const v = a.values[p]!;
      const r = a.colIndex[p]! * l;
      for (let j = 0; j < l; j++) out.data[o + j]! += v * b.data[r + j]!;
    }
  }
  return out;
}

/** Aᵀ · B (A sparse n×V, B dense n×l) → V×l. */
function sparseTransposeTimes(a: TSparseRows, b: TDense): TDense {
  const out = dense(a.cols, b.cols);
  const l = b.cols;
  for (let i = 0; i < a.rows; i++) {
    const r = i * l;
    for (let p = a.rowStart[i]!; p < a.rowStart[i + 1]!; p++) {
      const v = a.values[p]!;
      const o = a.colIndex[p]! * l;
      for (let j = 0; j < l; j++) out.data[o + j]! += v * b.data[r + j]!;
    }
  }
  return out;
}

/** Orthonormalises the columns in place (modified Gram–Schmidt); a column that vanishes becomes zero. */
function orthonormalizeColumns(m: TDense): void {
  const { rows, cols, data } = m;
  for (let j = 0; j < cols; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < rows; i++) dot += data[i * cols + j]! * data[i * cols + k]!;
      for (let i = 0; i < rows; i++) data[i * cols + j]! -= dot * data[i * cols + k]!;
    }
    let norm = 0;
    for (let i = 0; i < rows; i++) norm += data[i * cols + j]! ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < rows; i++) data[i * cols + j] = norm > 1e-10 ? data[i * cols + j]! / norm : 0;
  }
}

/** Eigenvalues (descending) and eigenvectors (columns of vectors, n×n) of a symmetric matrix, by cyclic Jacobi. */
export function symmetricEigen(matrix: Float64Array, n: number): { values: number[]; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (Math.abs(apq) < 1e-15) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => a[y * n + y]! - a[x * n + x]!);
  const vectors = new Float64Array(n * n);
  order.forEach((from, to) => {
    for (let k = 0; k < n; k++) vectors[k * n + to] = v[k * n + from]!;
  });
  return { values: order.map((i) => a[i * n + i]!), vectors };
}

/**
 * The rows of A in its top `rank` singular directions (U·Σ, n×rank): each comment's place in the
 * latent semantic space. Randomised: a Gaussian sketch, two power iterations, then an exact SVD of
 * the small projected matrix.
 */
export function truncatedSvdRows(a: TSparseRows, rank: number, random: TRandom): TDense {
  const l = Math.min(rank + 10, a.cols, a.rows);
  const omega = dense(a.cols, l);
  for (let i = 0; i < omega.data.length; i++) omega.data[i] = gaussian(random);
  const q = sparseTimes(a, omega);
  orthonormalizeColumns(q);
  for (let it = 0; it < 2; it++) {
    const z = sparseTransposeTimes(a, q);
    orthonormalizeColumns(z);
    const y = sparseTimes(a, z);
    orthonormalizeColumns(y);
    q.data.set(y.data);
  }
  // B = Qᵀ A (l×V); B Bᵀ = Uᵦ Σ² Uᵦᵀ; then A's rows in the singular basis are Q Uᵦ Σ.
  const bt = sparseTransposeTimes(a, q); // V×l = Bᵀ
  const gram = new Float64Array(l * l);
  for (let r = 0; r < bt.rows; r++) {
    const o = r * l;
    for (let i = 0; i < l; i++) {
      const x = bt.data[o + i]!;
      if (x === 0) continue;
      for (let j = i; j < l; j++) gram[i * l + j]! += x * bt.data[o + j]!;
    }
  }
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) gram[i * l + j] = gram[j * l + i]!;
  const { values, vectors } = symmetricEigen(gram, l);
  const k = Math.min(rank, l);
  const out = dense(a.rows, k);
  for (let i = 0; i < a.rows; i++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < l; j++) s += q.data[i * l + j]! * vectors[j * l + c]!;
      out.data[i * k + c] = s * Math.sqrt(Math.max(values[c]!, 0));
    }
  }
  return out;
}

/** Scales each row to length 1 (a zero row stays zero). */
export function normalizeRows(m: TDense): void {
  for (let i = 0; i < m.rows; i++) {
    let n = 0;
    for (let j = 0; j < m.cols; j++) n += m.data[i * m.cols + j]! ** 2;
    n = Math.sqrt(n);
    if (n > 0) for (let j = 0; j < m.cols; j++) m.data[i * m.cols + j]! /= n;
  }
}

export function rowDot(m: TDense, i: number, other: Float64Array, offset = 0): number {
  let s = 0;
  const o = i * m.cols;
  for (let j = 0; j < m.cols; j++) s += m.data[o + j]! * other[offset + j]!;
  return s;
}

/** The first two principal components of the rows: a point per row for the 2-D map. */
export function principalPlane(m: TDense, sample: number[]): { x: Float64Array; y: Float64Array } {
  const d = m.cols;
  const mean = new Float64Array(d);
  for (const i of sample) for (let j = 0; j < d; j++) mean[j]! += m.data[i * d + j]! / sample.length;
  const cov = new Float64Array(d * d);
  for (const i of sample) {
    for (let a = 0; a < d; a++) {
      const xa = m.data[i * d + a]! - mean[a]!;
      for (let b = a; b < d; b++) cov[a * d + b]! += xa * (m.data[i * d + b]! - mean[b]!);
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[a * d + b] = cov[b * d + a]!;
  const { vectors } = symmetricEigen(cov, d);
  const x = new Float64Array(m.rows);
  const y = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let sx = 0;
    let sy = 0;
    for (let j = 0; j < d; j++) {
      const v = m.data[i * d + j]! - mean[j]!;
      sx += v * vectors[j * d]!;
      sy += v * vectors[j * d + 1]!;
    }
    x[i] = sx;
    y[i] = sy;
  }
  return { x, y };
}
