/** Spec files as bytes and text: byte-order marks, encodings, YAML merge keys and tags, syntax errors. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { SpecError, SpecFileError } from "../../../sdk/core/spec/issues";
import { formatOfText, parseSpecText, readSpecFile, SpecSyntaxError } from "../../../sdk/core/spec/load";
import { loadSpec, warningsOf } from "../../../sdk/core/spec/loadSpec";
import { parseSpec } from "../../../sdk/core/spec/parse";
import { specErrors } from "../../helpers";

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const SPEC = { name: "bom", image: "nginx:1.27", resources: { machineType: "C4", ports: [8000] } };
const SPEC_TEXT: Record<string, string> = {
  "spec.json": JSON.stringify(SPEC),
  "spec.jsonc": `// a comment\n${JSON.stringify(SPEC, null, 2).replace(/\]\n/, "],\n")}`,
  "spec.yaml": "name: bom\nimage: nginx:1.27\nresources:\n  machineType: C4\n  ports: [8000]\n",
  "spec.toml": 'name = "bom"\nimage = "nginx:1.27"\n[resources]\nmachineType = "C4"\nports = [8000]\n',
};

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "md-load-"));
}

/** The error `fn` throws (it must throw). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  assert.fail("expected an error");
}

/** A realistic spec whose liveness and readiness checks share one anchored probe block. */
const SHARED_PROBE = `apiVersion: v1
name: llm-api
image: ghcr.io/acme/llm-api:1.2.3
resources:
  machineType: A100-80G
  ports: [8000]
healthChecks:
  startup:
    path: /startup
    periodSeconds: 10
    failureThreshold: 30
  liveness: &probe
    path: /healthz
    port: 8000
    timeoutSeconds: 5
    periodSeconds: 15
    failureThreshold: 4
    headers:
      - name: X-Probe
        value: kubelet
  readiness:
    <<: *probe
    periodSeconds: 5
`;

describe("spec files: bytes, encodings and formats", () => {
  it("a UTF-8 byte-order mark is accepted in every format, from a file and as text", () => {
    const dir = tmpDir();
    for (const [name, text] of Object.entries(SPEC_TEXT)) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, Buffer.concat([BOM, Buffer.from(text)]));
      assert.deepEqual(parseSpec(readSpecFile(file)).spec.resources.ports, [8000], name);
      assert.equal(loadSpec(file).name, "bom", name);
    }
    assert.deepEqual(parseSpecText(`\uFEFF${SPEC_TEXT["spec.json"]}`, "json"), SPEC);
    assert.deepEqual(parseSpecText(`\uFEFF${SPEC_TEXT["spec.jsonc"]}`, "jsonc"), SPEC);
  });

  it("UTF-16 (either byte order, with or without a BOM), UTF-32 and invalid UTF-8 are refused, naming the file and the encoding", () => {
    const dir = tmpDir();
    const text = SPEC_TEXT["spec.yaml"];
    const be = (s: string) => Buffer.from(s, "utf16le").swap16();
    const cases: Array<[string, Buffer, RegExp]> = [
      ["le-bom.yaml", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]), /is UTF-16 \(little-endian, with a byte-order mark\); save it as UTF-8$/],
      ["be-bom.yaml", Buffer.concat([Buffer.from([0xfe, 0xff]), be(text)]), /is UTF-16 \(big-endian, with a byte-order mark\); save it as UTF-8$/],
      ["le.json", Buffer.from(SPEC_TEXT["spec.json"], "utf16le"), /is UTF-16 \(little-endian, without a byte-order mark.*\); save it as UTF-8$/],
      ["be.toml", be(SPEC_TEXT["spec.toml"]), /is UTF-16 \(big-endian, without a byte-order mark.*\); save it as UTF-8$/],
      ["utf32.yaml", Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), ...[...text].map((c) => Buffer.from([c.charCodeAt(0), 0, 0, 0]))]), /is UTF-32 .*; save it as UTF-8$/],
      ["latin1.yaml", Buffer.from("name: café\nimage: nginx\n", "latin1"), /is not valid UTF-8: the byte 0xE9 at line 1, column 10 .*; save it as UTF-8$/],
      ["nul.yaml", Buffer.from("name: a\nimage: ngi\0nx\n"), /NUL byte at line 2, column 11/],
    ];
    for (const [name, bytes, message] of cases) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      const e = thrown(() => readSpecFile(file));
      assert.ok(e instanceof SpecFileError, `${name}: ${e.message}`);
      assert.equal(e.issues.length, 1);
      assert.ok(e.issues[0].message.startsWith(`cannot read ${file}: it `), e.issues[0].message);
      assert.match(e.issues[0].message, message, name);
    }
  });

  it("standard input's format is told from its content", () => {
    assert.equal(formatOfText(SPEC_TEXT["spec.json"]), "jsonc");
    assert.equal(formatOfText(`\uFEFF\n  ${SPEC_TEXT["spec.json"]}`), "jsonc");
    assert.equal(formatOfText(SPEC_TEXT["spec.jsonc"]), "jsonc");
    assert.equal(formatOfText("/* a */ {}"), "jsonc");
    assert.equal(formatOfText(SPEC_TEXT["spec.yaml"]), "yaml");
    assert.equal(formatOfText("# yaml-language-server: $schema=x\n---\nimage: x\n"), "yaml");
    assert.equal(formatOfText("image: a=b\n"), "yaml");
    assert.equal(formatOfText(""), "yaml");
    assert.equal(formatOfText(SPEC_TEXT["spec.toml"]), "toml");
    assert.equal(formatOfText("# a TOML spec\n\n[resources]\nmachineType = 'C4'\n"), "toml");
    assert.equal(formatOfText('"image" = "x"\n'), "toml");
    assert.equal(formatOfText("resources.machineType = 'C4'\n"), "toml");
  });
});

describe("YAML as Gradient's tools read it", () => {
  it("merge keys: liveness and readiness share an anchored probe block, explicit keys override", () => {
    const { spec, warnings } = parseSpec(parseSpecText(SHARED_PROBE));
    const shared = { path: "/healthz", port: 8000, timeoutSeconds: 5, failureThreshold: 4, headers: [{ name: "X-Probe", value: "kubelet" }] };
    assert.deepEqual(spec.healthChecks?.liveness, { ...shared, periodSeconds: 15 });
    assert.deepEqual(spec.healthChecks?.readiness, { ...shared, periodSeconds: 5 });
    assert.deepEqual(warnings, [], "no 'unknown field <<' warning: the merge key is applied, not dropped");
  });

  it("merge keys: explicit keys win wherever they stand; earlier sources of a list win over later ones", () => {
    const data = parseSpecText(
      ["a: &a { x: a, y: a }", "b: &b { x: b, y: b, z: b }", "before: { y: own, <<: *a }", "after: { <<: *a, y: own }", "list: { <<: [*a, *b] }", "listOwn: { <<: [*b, *a], z: own }", "inline: { <<: { x: i } }"].join("\n"),
    );
    assert.deepEqual(data, {
      a: { x: "a", y: "a" },
      b: { x: "b", y: "b", z: "b" },
      before: { y: "own", x: "a" },
      after: { x: "a", y: "own" },
      list: { x: "a", y: "a", z: "b" },
      listOwn: { x: "b", y: "b", z: "own" },
      inline: { x: "i" },
    });
  });

  it("merge keys: a source that is not a mapping, or an alias without its anchor, is an error with its line", () => {
    for (const [text, message] of [
      ["probe:\n  <<: 5\n", /^: YAML: a merge key \(<<\) takes a mapping, an alias of one, or a list of them, at line 2, column 7$/],
      ["a: &a [1]\nprobe:\n  <<: *a\n", /^: YAML: a merge key .*, at line 3, column 7$/],
      ["a: &a {x: 1}\nprobe:\n  <<: [*a, 5]\n", /^: YAML: a merge key .*, at line 3, column 7$/],
      ["probe:\n  <<: *probe\n", /^: YAML: Unresolved alias \*probe: no anchor &probe before it, at line 2, column 7$/],
      ["probe:\n  <<: [*nope]\n", /^: YAML: Unresolved alias \*nope/],
    ] as const) {
      assert.match(specErrors(() => parseSpecText(text))[0], message, text);
    }
  });

  it("an alias inside its own anchor is an error, not a value that contains itself", () => {
    const e = thrown(() => parseSpecText("healthChecks: &h\n  liveness: *h\n"));
    assert.ok(e instanceof SpecSyntaxError);
    assert.match(e.issues[0].message, /^YAML: the alias \*h is inside its own anchor &h.*, at line 2, column 13$/);
  });

  it("an unknown tag is an error naming the field path and the tag; standard tags keep working", () => {
    const text = [
      "name: tagged",
      "image: !env IMAGE",
      "resources: { machineType: C4, ports: [8000] }",
      "env:",
      "  - name: TOKEN",
      "    value: !vault secret/token",
      "healthChecks:",
      "  liveness: !probe",
      "    path: /healthz",
      "    timeoutSeconds: !!binary aGk=",
    ].join("\n");
    const e = thrown(() => parseSpecText(text, "yaml", "spec.yaml"));
    assert.ok(e instanceof SpecError);
    assert.equal(e.source, "spec.yaml");
    assert.deepEqual(
      e.issues.map((i) => i.path),
      ["image", "env[0].value", "healthChecks.liveness", "healthChecks.liveness.timeoutSeconds"],
    );
    assert.match(e.issues[0].message, /^unknown YAML tag !env, at line 2, column 8: Gradient does not expand tags/);
    assert.match(e.issues[1].message, /^unknown YAML tag !vault, at line 6, column 12/);
    assert.match(e.issues[2].message, /^unknown YAML tag !probe, at line 8, column 13/);
    assert.match(e.issues[3].message, /^the YAML tag !!binary is not supported here/);
    assert.deepEqual(specErrors(() => parseSpecText("periodSeconds: !!int ten\n")), [
      'periodSeconds: the value "ten" does not fit its YAML tag !!int, at line 1, column 16: give a value of that type, or drop the tag',
    ]);
    assert.deepEqual(specErrors(() => parseSpecText("command: !!str\n  - python\n")), [
      "command: the YAML tag !!str does not fit its value (a list), at line 1, column 10: give a value of that type, or drop the tag",
    ]);
    assert.deepEqual(parseSpecText("a: !!str 8000\nb: !!int '8'\nc: !!float 1\nd: !!bool true\ne: !!null ''\nf: ! 5\ng: !!map {x: !!seq [1]}\n"), {
      a: "8000",
      b: 8,
      c: 1,
      d: true,
      e: null,
      f: "5",
      g: { x: [1] },
    });
  });

  it("duplicate keys and alias bombs stay errors; loadSpec keeps its warnings", () => {
    assert.match(specErrors(() => parseSpecText("image: a\nimage: b\n"))[0], /^: YAML: Map keys must be unique, at line 2, column 1$/);
    assert.match(specErrors(() => parseSpecText("image: *a\n"))[0], /^: YAML: Unresolved alias \*a/);
    const bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';
    assert.match(specErrors(() => parseSpecText(bomb))[0], /^: YAML: more than 100 aliases to expand in one document: a guard against alias bombs/);
    const file = path.join(tmpDir(), "paperspace.yaml");
    fs.writeFileSync(file, `${SHARED_PROBE}port: 8000\n`);
    assert.deepEqual(warningsOf(loadSpec(file)).map((w) => w.path), ["port"]);
  });
});

describe("syntax errors: line, column and the whole line with a caret", () => {
  it("YAML: the position, and the full offending line however long", () => {
    const long = `command: ["python", "-m", "vllm.entrypoints.openai.api_server", "--model", "meta-llama/Llama-3-8B", "--port" 8000]`;
    const text = `name: a\nimage: x\nresources: {machineType: C4, ports: [80]}\nhealthChecks: {}\n${long}\n`;
    const e = thrown(() => parseSpecText(text, "yaml", "sub/paperspace.yaml"));
    assert.ok(e instanceof SpecSyntaxError, e.message);
    assert.equal(e.source, "sub/paperspace.yaml");
    assert.equal(e.format, "YAML");
    assert.equal(e.line, 5);
    const column = long.indexOf("8000") + 1;
    assert.ok(column > 80, "past where the yaml package's own excerpt is cut");
    assert.equal(e.column, column);
    assert.equal(e.excerpt, `  5 | ${long}\n    | ${" ".repeat(column - 1)}^`);
    assert.match(e.issues[0].message, new RegExp(`^YAML: .*, at line 5, column ${column}$`));
    assert.ok(e.message.endsWith(e.excerpt), "the error's message shows the line too (for Pulumi programs)");
  });

  it("YAML: a tab before the column keeps the caret under it; the end of the file points after the last character", () => {
    const tab = thrown(() => parseSpecText("a: 1\n\tb: 2\n")) as SpecSyntaxError;
    assert.equal(tab.excerpt, "  2 | \tb: 2\n    | ^");
    const open = thrown(() => parseSpecText("name: a\nports: [80, 81\n")) as SpecSyntaxError;
    assert.deepEqual([open.line, open.column], [2, 15]);
    assert.equal(open.excerpt, "  2 | ports: [80, 81\n    |               ^");
  });

  it("JSON and TOML: the same, with the reason in words", () => {
    const json = thrown(() => parseSpecText('{\n  "name": "a",\n  "image": "x"\n  "resources": {}\n}\n', "json")) as SpecSyntaxError;
    assert.ok(json instanceof SpecSyntaxError);
    assert.deepEqual([json.format, json.reason, json.line, json.column], ["JSON", "comma expected", 4, 3]);
    assert.equal(json.excerpt, '  4 |   "resources": {}\n    |   ^');
    const trailing = thrown(() => parseSpecText('{"name": "a",}', "json")) as SpecSyntaxError;
    assert.equal(trailing.issues[0].message, "JSON: a trailing comma (JSON has none; a .jsonc file may), at line 1, column 14");
    const minified = JSON.stringify({ ...SPEC, env: Array.from({ length: 40 }, (_, i) => ({ name: `V${i}`, value: "x" })) }).replace('"V20"', "V20");
    const wide = thrown(() => parseSpecText(minified, "json")) as SpecSyntaxError;
    assert.equal(wide.line, 1);
    const [shown, caret] = wide.excerpt.split("\n");
    assert.ok(shown.startsWith("  1 | ...") && shown.endsWith("...") && shown.length < 220 && shown.includes('{"name":V20,"value"'), shown);
    assert.equal(caret.indexOf("^") - "    | ".length, shown.indexOf('V20,"value"') - "  1 | ".length);
    const toml = thrown(() => parseSpecText('name = "a"\nports = [80,\nimage = "x"\n', "toml")) as SpecSyntaxError;
    assert.ok(toml instanceof SpecSyntaxError);
    assert.deepEqual([toml.format, toml.line], ["TOML", 3]);
    assert.equal(toml.excerpt.split("\n")[0], '  3 | image = "x"');
  });
});

describe("deep nesting: refused with its line and column, never a crash", () => {
  /** The error of a YAML text that nests too deep, asserted to be the nesting rule at `line`, `column`, and quick. */
  function tooDeep(text: string, line: number, column: number, source?: string): SpecSyntaxError {
    const start = Date.now();
    const e = thrown(() => parseSpecText(text, "yaml", source));
    const ms = Date.now() - start;
    assert.ok(e instanceof SpecSyntaxError, e.message.slice(0, 300));
    assert.equal(e.reason, "nested more than 64 levels deep; a spec is a few levels deep");
    assert.deepEqual([e.format, e.line, e.column], ["YAML", line, column]);
    assert.ok(ms < 1000, `refused in ${ms} ms`);
    return e;
  }

  it("a flow sequence 20,000 levels deep (and a million, unclosed) stops at the 65th bracket", () => {
    const e = tooDeep(`${"[".repeat(20000)}${"]".repeat(20000)}`, 1, 65, "deep.yaml");
    assert.equal(e.issues[0].message, "YAML: nested more than 64 levels deep; a spec is a few levels deep, at line 1, column 65");
    assert.equal(e.source, "deep.yaml");
    // The yaml package alone took seconds and gigabytes on these, and ran out of memory on more.
    tooDeep("[".repeat(1_000_000), 1, 65);
    // The top-level mapping is a level: its 64th bracket is the 65th level.
    tooDeep(`image: nginx\nports: ${"[".repeat(100)}80${"]".repeat(100)}\n`, 2, "ports: ".length + 64);
  });

  it("a flow mapping 20,000 levels deep", () => {
    tooDeep(`${"{a: ".repeat(20000)}1${"}".repeat(20000)}`, 1, 64 * 4 + 1);
    tooDeep(`${"{".repeat(20000)}${"}".repeat(20000)}`, 1, 65);
  });

  it("a block sequence on one line, - - - x, 20,000 levels deep", () => {
    tooDeep(`${"- ".repeat(20000)}x`, 1, 64 * 2 + 1);
    tooDeep(`${"? ".repeat(20000)}x`, 1, 64 * 2 + 1);
  });

  it("indented block mappings and sequences 3,000 levels deep", () => {
    const maps = Array.from({ length: 3000 }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n");
    tooDeep(`${maps} x\n`, 65, 65);
    const seqs = Array.from({ length: 3000 }, (_, i) => `${" ".repeat(2 * i)}-`).join("\n");
    tooDeep(`${seqs} x\n`, 65, 129);
    // A sequence at its key's indentation is one level more, as everywhere.
    const mixed = ["k:", ...Array.from({ length: 3000 }, (_, i) => `${"  ".repeat(i)}- k:`)].join("\n");
    tooDeep(`${mixed} x\n`, 33, 65);
  });

  it("a file is refused the same way, naming it", () => {
    const file = path.join(tmpDir(), "paperspace.yaml");
    fs.writeFileSync(file, `name: deep\nimage: nginx\nresources:\n  machineType: C4\n  ports: [8000]\nx: ${"[".repeat(20000)}${"]".repeat(20000)}\n`);
    const e = thrown(() => readSpecFile(file)) as SpecSyntaxError;
    assert.ok(e instanceof SpecSyntaxError, e.message.slice(0, 300));
    assert.deepEqual([e.source, e.line, e.column], [file, 6, "x: ".length + 64]);
  });

  it("64 levels are read, in every style; brackets in quotes, comments and block scalars do not count", () => {
    const deep = (n: number): unknown => (n === 0 ? "x" : n % 2 ? [deep(n - 1)] : { k: deep(n - 1) });
    const block = (n: number, indent = ""): string =>
      n === 0 ? `${indent}x\n` : n % 2 ? `${indent}-\n${block(n - 1, `${indent}  `)}` : `${indent}k:\n${block(n - 1, `${indent}  `)}`;
    assert.deepEqual(parseSpecText(block(64)), deep(64));
    assert.deepEqual(parseSpecText(JSON.stringify(deep(64))), deep(64));
    let oneLine: unknown = "x";
    for (let i = 0; i < 64; i++) oneLine = [oneLine];
    assert.deepEqual(parseSpecText(`${"- ".repeat(64)}x`), oneLine);
    assert.throws(() => parseSpecText(block(65)), /nested more than 64 levels deep/);
    assert.throws(() => parseSpecText(JSON.stringify(deep(65))), /nested more than 64 levels deep/);
    const brackets = "[{".repeat(100);
    assert.deepEqual(parseSpecText(`a: "${brackets}"\nb: '${brackets}'\nc: 1 # ${brackets}\nd: |\n  ${brackets}\n  ${"- ".repeat(100)}\ne: x${brackets}\n`), {
      a: brackets,
      b: brackets,
      c: 1,
      d: `${brackets}\n${"- ".repeat(100)}\n`,
      e: `x${brackets}`,
    });
  });

  it("a legitimate spec a dozen levels deep still loads", () => {
    const text = `name: deep-ok
image: nginx:1.27
resources:
  machineType: C4
  ports: [8000]
integrations:
  - type: volume
    name: cache
    size: 10Gi
    x-notes:
      layers:
        - name: a
          more:
            - - {k: [{deepest: [12]}]}
`;
    const file = path.join(tmpDir(), "paperspace.yaml");
    fs.writeFileSync(file, text);
    const data = readSpecFile(file) as { integrations: Array<Record<string, unknown>> };
    assert.deepEqual(data.integrations[0]["x-notes"], { layers: [{ name: "a", more: [[{ k: [{ deepest: [12] }] }]] }] });
    assert.equal(loadSpec(file).name, "deep-ok");
  });
});
