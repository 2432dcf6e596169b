/**
 * Reads a Kubernetes quantity (`"5500m"`, `"24Gi"`, `"1.5"`, `"2e3"`) as a plain number of base
 * units, so CPU and memory requests can be compared with what a node offers. The suffixes are
 * those of the API's quantity type:
 * https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };

/** The quantity as a number of base units (cores, bytes), or undefined when it is not a quantity. */
export function quantityValue(q: string | number): number | undefined {
  if (typeof q === "number") return Number.isFinite(q) ? q : undefined;
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/.exec(q);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[3] !== undefined) return n * 10 ** Number(m[3]);
  const suffix = m[2] ?? "";
  return n * (BINARY[suffix] ?? DECIMAL[suffix]);
}
