#!/usr/bin/env node
// Checks that web viewers read newsgraph's exports as they are: each file
// is parsed in headless Chromium with graphology's GEXF or GraphML parser
// (the JSON formats by hand, as a page would), its node and edge counts and
// attribute types are compared with what the arguments expect, and it is
// drawn with sigma.js, which must throw nothing and put pixels on screen.
//
//   node check.mjs [--chromium PATH] [--screenshot FILE.png] \
//     FORMAT=FILE [EXPECTATION...] [FORMAT=FILE [EXPECTATION...]]...
//
// FORMAT is gexf, graphml, json or cytoscape. Expectations about the file
// before them:
//
//   nodes=N  edges=N  undirected=N       counts as graphology reads them
//   node.NAME=TYPE  edge.NAME=TYPE       every node (edge) has NAME, a JavaScript TYPE
//                                        (string, number, boolean, array)
//   node.NAME=TYPE?  edge.NAME=TYPE?     some nodes (edges) have NAME, and it is a TYPE
//                                        wherever present (dates, aliases)
//   node.NAME=absent                     no node has NAME
//
// Whatever the arguments, no node may have a "type" attribute (sigma.js
// draws a node with the program its type names). Exit status: 0 when every
// check passes, 1 when one fails, 2 for a usage error, 3 when Chromium
// cannot be found or run.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const formats = ["gexf", "graphml", "json", "cytoscape"];

function usage(msg) {
  console.error(`check.mjs: ${msg}\nusage: node check.mjs [--chromium PATH] [--screenshot FILE.png] FORMAT=FILE [EXPECTATION...]...`);
  process.exit(2);
}

// Arguments.
let chromium = process.env.CHROMIUM || "";
let screenshot = "";
const exportsToCheck = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--chromium" || a === "--screenshot") {
    if (i + 1 >= argv.length) usage(`${a} needs a value`);
    if (a === "--chromium") chromium = argv[++i];
    else screenshot = resolve(argv[++i]);
    continue;
  }
  const eq = a.indexOf("=");
  if (eq < 0) usage(`cannot read argument ${JSON.stringify(a)}`);
  const key = a.slice(0, eq), value = a.slice(eq + 1);
  if (formats.includes(key)) {
    exportsToCheck.push({ format: key, file: value, expect: [] });
    continue;
  }
  if (!exportsToCheck.length) usage(`expectation ${a} before any FORMAT=FILE`);
  if (!/^(nodes|edges|undirected)$/.test(key) && !/^(node|edge)\.[^=]+$/.test(key)) usage(`unknown expectation ${a}`);
  exportsToCheck.at(-1).expect.push([key, value]);
}
if (!exportsToCheck.length) usage("no export to check");

function findChromium() {
  if (chromium) return chromium;
  for (const name of ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]) {
    for (const dir of (process.env.PATH || "").split(delimiter)) {
      if (dir && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  return "";
}
const browser = findChromium();
if (!browser) {
  console.error("check.mjs: no chromium found (install Debian's chromium, or pass --chromium PATH)");
  process.exit(3);
}

// The page: the bundled script, and the exports as data beside it.
const work = mkdtempSync(join(tmpdir(), "newsgraph-viewers-"));
const { build } = await import("esbuild");
await build({
  entryPoints: [join(here, "page.js")],
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "chrome110",
  outfile: join(work, "bundle.js"),
  logLevel: "error",
});
const items = exportsToCheck.map((e) => ({ name: `${e.format} (${e.file.split(/[\\/]/).pop()})`, format: e.format, text: readFileSync(e.file, "utf8") }));
writeFileSync(join(work, "data.js"), `window.NEWSGRAPH_EXPORTS = ${JSON.stringify(items)};\n`);
writeFileSync(
  join(work, "index.html"),
  `<!doctype html>
<html><head><meta charset="utf-8"><title>newsgraph exports in sigma.js</title>
<style>
body { margin: 0; font: 13px sans-serif; display: grid; grid-template-columns: repeat(2, 620px); gap: 8px; padding: 8px; }
h2 { font-size: 13px; margin: 0 0 4px; }
.view { width: 600px; height: 420px; border: 1px solid #bbb; }
</style></head>
<body><script src="data.js"></script><script src="bundle.js"></script></body></html>
`,
);
const url = pathToFileURL(join(work, "index.html")).href;

function runChromium(extra) {
  const args = [
    "--headless",
    "--no-sandbox", // as root, as CI runs
    "--use-angle=swiftshader", // WebGL without a GPU
    "--enable-unsafe-swiftshader",
    `--user-data-dir=${join(work, "profile")}`,
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
    "--window-size=1264,900",
    "--virtual-time-budget=2000", // the page's timers run (its verdict comes after 500 ms) before the dump
    ...extra,
    url,
  ];
  const r = spawnSync(browser, args, { encoding: "utf8", timeout: 120_000, maxBuffer: 256 << 20 });
  if (r.error || r.status !== 0) {
    console.error(`check.mjs: ${browser} failed: ${r.error || "exit status " + r.status}\n${(r.stderr || "").slice(-3000)}`);
    rmSync(work, { recursive: true, force: true });
    process.exit(3);
  }
  return r;
}

const dump = runChromium(["--dump-dom"]).stdout;
const m = dump.match(/<pre id="newsgraph-result"[^>]*>([^<]*)<\/pre>/);
if (!m) {
  console.error(`check.mjs: the page wrote no verdict (its script did not run to the end):\n${dump.slice(0, 3000)}`);
  rmSync(work, { recursive: true, force: true });
  process.exit(1);
}
const { results, pageErrors } = JSON.parse(decodeURIComponent(m[1]));
if (screenshot) {
  runChromium([`--screenshot=${screenshot}`]);
  console.log(`screenshot: ${screenshot}`);
}
rmSync(work, { recursive: true, force: true });

// The verdict.
let failed = 0, passed = 0;
function verdict(ok, name, what) {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${name}: ${what}`);
}
for (const err of pageErrors) verdict(false, "page", err);
exportsToCheck.forEach((e, i) => {
  const r = results[i];
  const name = r.name;
  verdict(r.errors.length === 0, name, r.errors.length ? r.errors.join("; ") : "parsed and drawn by sigma.js without an error");
  if (r.errors.length) return;
  verdict(!("type" in r.nodeAttributes), name, `no node attribute "type" (sigma.js reads it as a drawing program)${"type" in r.nodeAttributes ? ": found " + JSON.stringify(r.sampleNode.type) : ""}`);
  verdict(r.displayedNodes === r.nodes, name, `sigma displays ${r.displayedNodes} of ${r.nodes} nodes`);
  verdict(r.drawnNodePixels > 0, name, `${r.drawnNodePixels} node pixels drawn`);
  if (r.edges > 0) verdict(r.drawnEdgePixels > 0, name, `${r.drawnEdgePixels} edge pixels drawn`);
  for (const [key, want] of e.expect) {
    if (key === "nodes" || key === "edges" || key === "undirected") {
      verdict(r[key] === Number(want), name, `${key} ${r[key]}, want ${want}`);
      continue;
    }
    const [kind, attr] = [key.slice(0, 4), key.slice(5)];
    const seen = (kind === "node" ? r.nodeAttributes : r.edgeAttributes)[attr];
    const total = kind === "node" ? r.nodes : r.edges;
    if (want === "absent") {
      verdict(!seen, name, `${kind} attribute ${attr} absent${seen ? ": on " + seen.count : ""}`);
      continue;
    }
    const optional = want.endsWith("?");
    const type = optional ? want.slice(0, -1) : want;
    const types = seen ? seen.types.join("|") : "missing";
    const ok = !!seen && seen.types.length === 1 && seen.types[0] === type && (optional || seen.count === total);
    verdict(ok, name, `${kind} attribute ${attr} is ${type}${optional ? " where present" : ` on all ${total}`}: ${types}${seen ? ` on ${seen.count}` : ""}`);
  }
});
console.log(`web viewers: ${exportsToCheck.length} exports, ${passed} checks passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
