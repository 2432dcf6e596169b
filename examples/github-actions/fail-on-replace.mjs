#!/usr/bin/env node
// Reads `pulumi preview --json` and exits 1 when a Deployment or a Service would be replaced
// (steps with op replace, create-replacement or delete-replaced), or a PersistentVolumeClaim would
// be replaced or deleted (its data goes with it). Exit 0 otherwise, 2 on bad input.
// Usage: node fail-on-replace.mjs preview.json   (or pipe the JSON on stdin)
import { readFileSync } from "node:fs";

const GUARDED = ["kubernetes:apps/v1:Deployment", "kubernetes:core/v1:Service"];
const REPLACING = new Set(["replace", "create-replacement", "delete-replaced"]);
const CLAIM = "kubernetes:core/v1:PersistentVolumeClaim";

let preview;
try {
  preview = JSON.parse(readFileSync(process.argv[2] ?? 0, "utf8"));
} catch (e) {
  console.error(`fail-on-replace: cannot read the preview JSON: ${e.message}`);
  process.exit(2);
}

const typeOf = (urn) => urn.split("::")[2]?.split("$").pop();
const replaced = new Map();
for (const step of preview.steps ?? []) {
  const type = typeOf(step.urn ?? "");
  if ((REPLACING.has(step.op) && (GUARDED.includes(type) || type === CLAIM)) || (step.op === "delete" && type === CLAIM)) {
    const verb = step.op === "delete" ? "deleted, with its data" : type === CLAIM ? "replaced: its data is deleted" : "replaced";
    replaced.set(step.urn, { type, name: step.urn.split("::").pop(), verb, keys: step.replaceReasons ?? step.keys ?? [] });
  }
}
if (replaced.size === 0) {
  console.log("No Deployment or Service would be replaced, and no volume claim deleted.");
  process.exit(0);
}
for (const r of replaced.values()) {
  console.error(`${r.type} ${r.name} would be ${r.verb}${r.keys.length ? ` (because of ${r.keys.join(", ")})` : ""}`);
}
process.exit(1);
