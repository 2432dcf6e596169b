/** Typed placeholders: written by the pure builders, found again, and filled in whole or embedded. */
import * as assert from "node:assert/strict";
import { Placeholder, collectPlaceholders, describePlaceholder, fillPlaceholders, hasPlaceholder, mapPlaceholders, placeholder, placeholdersIn } from "../../sdk/manifests/placeholders";

const SECRET: Placeholder = { kind: "secret", key: "HF_TOKEN" };
const HASH: Placeholder = { kind: "passwordHash" };

describe("placeholders", () => {
  it("round-trip through a string, alone or embedded, and the same placeholder gives the same string", () => {
    assert.equal(placeholder({ key: "HF_TOKEN", kind: "secret" } as Placeholder), placeholder(SECRET), "field order does not matter");
    const s = `user ${placeholder(HASH)} and ${placeholder(SECRET)}!`;
    assert.ok(hasPlaceholder(s));
    assert.deepEqual(placeholdersIn(s), [HASH, SECRET]);
    assert.ok(!hasPlaceholder("plain text"));
  });

  it("collects every placeholder of an object once", () => {
    const o = { a: [placeholder(SECRET), { b: `x${placeholder(SECRET)}` }], c: placeholder({ kind: "name", of: "claim:int-cache" }), d: 3 };
    assert.deepEqual(collectPlaceholders(o), [SECRET, { kind: "name", of: "claim:int-cache" }]);
  });

  it("fills a whole placeholder with any value and an embedded one through embed, sharing untouched subtrees", () => {
    const untouched = { labels: { app: "x" } };
    const o = { meta: untouched, image: placeholder({ kind: "arg", arg: "image" }), conf: `hash=${placeholder(HASH)};`, n: 1 };
    const out = mapPlaceholders(
      o,
      (p) => ({ value: p.kind }),
      (parts) => parts.map((x) => (typeof x === "string" ? x : `<${x.kind}>`)).join(""),
    );
    assert.deepEqual(out, { meta: untouched, image: { value: "arg" }, conf: "hash=<passwordHash>;", n: 1 });
    assert.equal(out.meta, untouched, "no copy where nothing changed");
    assert.notEqual(out, o, "the input is not modified");
    assert.equal(o.image, placeholder({ kind: "arg", arg: "image" }));
  });

  it("renders as words saying who supplies the value", () => {
    assert.deepEqual(fillPlaceholders({ v: placeholder(SECRET) }, describePlaceholder), { v: "<secret HF_TOKEN: supplied by the program at deploy time>" });
    assert.match(describePlaceholder({ kind: "registryLogin", registry: "ghcr" }), /login of registry ghcr/);
  });
});
