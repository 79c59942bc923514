// Runs in headless Chromium (check.mjs bundles it with esbuild): loads
// each export as a web viewer does, with graphology's parsers for GEXF and
// GraphML and by hand for the two JSON formats, describes what it read,
// and draws it with sigma.js as sigma's own examples do. The description
// goes into the page for check.mjs to read and judge.
import Graph from "graphology";
import { parse as parseGEXF } from "graphology-gexf/browser";
import { parse as parseGraphML } from "graphology-graphml/browser";
import Sigma from "sigma";

// The two JSON exports, read as a page that uses them would: each link's
// "symmetric" flag makes it an undirected edge.
function fromLinks(nodes, links) {
  const graph = new Graph({ type: "mixed", multi: true });
  for (const n of nodes) graph.addNode(n.id, { ...n });
  for (const l of links) {
    if (l.symmetric) graph.addUndirectedEdgeWithKey(l.id, l.source, l.target, { ...l });
    else graph.addDirectedEdgeWithKey(l.id, l.source, l.target, { ...l });
  }
  return graph;
}

const loaders = {
  gexf: (text) => parseGEXF(Graph, text),
  graphml: (text) => parseGraphML(Graph, text),
  json: (text) => {
    const doc = JSON.parse(text);
    return fromLinks(doc.nodes, doc.links);
  },
  cytoscape: (text) => {
    const doc = JSON.parse(text);
    return fromLinks(
      doc.elements.nodes.map((n) => n.data),
      doc.elements.edges.map((e) => e.data),
    );
  },
};

// attributeTypes maps each attribute name to the JavaScript types its
// values have and how many elements carry it.
function attributeTypes(each) {
  const out = {};
  each((attrs) => {
    for (const [k, v] of Object.entries(attrs)) {
      const t = Array.isArray(v) ? "array" : v === null ? "null" : typeof v;
      out[k] ??= { types: [], count: 0 };
      if (!out[k].types.includes(t)) out[k].types.push(t);
      out[k].count++;
    }
  });
  return out;
}

// countDrawn reads back the pixels of a sigma WebGL layer right after a
// synchronous render (before the frame is composited, so the drawing
// buffer still holds them) and counts those not transparent.
function countDrawn(container, layer) {
  const canvas = container.querySelector("canvas.sigma-" + layer);
  const gl = canvas && (canvas.getContext("webgl2") || canvas.getContext("webgl"));
  if (!gl) return -1;
  const w = gl.drawingBufferWidth, h = gl.drawingBufferHeight;
  const px = new Uint8Array(w * h * 4);
  gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, px);
  let n = 0;
  for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) n++;
  return n;
}

function check(item) {
  const r = { name: item.name, format: item.format, errors: [] };
  let graph;
  try {
    graph = loaders[item.format](item.text);
  } catch (e) {
    r.errors.push("parse: " + (e && e.stack ? e.stack : e));
    return r;
  }
  r.nodes = graph.order;
  r.edges = graph.size;
  r.graphType = graph.type;
  r.undirected = graph.undirectedSize;
  r.nodeAttributes = attributeTypes((f) => graph.forEachNode((_, a) => f(a)));
  r.edgeAttributes = attributeTypes((f) => graph.forEachEdge((_, a) => f(a)));
  r.sampleNode = graph.order ? graph.getNodeAttributes(graph.nodes()[0]) : null;

  // sigma needs positions, which no export carries: a circle, as a page
  // would before running a layout.
  let i = 0;
  graph.forEachNode((node, a) => {
    if (typeof a.x !== "number" || typeof a.y !== "number") {
      const angle = (2 * Math.PI * i) / graph.order;
      graph.mergeNodeAttributes(node, { x: Math.cos(angle), y: Math.sin(angle) });
    }
    i++;
  });

  const section = document.createElement("section");
  const title = document.createElement("h2");
  title.textContent = `${item.name}: ${graph.order} nodes, ${graph.size} edges (${graph.undirectedSize} undirected)`;
  const container = document.createElement("div");
  container.className = "view";
  section.append(title, container);
  document.body.append(section);
  try {
    // First exactly as sigma's examples do: default settings. This is
    // what failed on "GPE" when the entity type sat under "type".
    const plain = new Sigma(graph, container);
    plain.refresh();
    plain.kill();
    // Then as a viewer of these files would: arrows on directed
    // relations, plain lines on symmetric ones, edge labels.
    const renderer = new Sigma(graph, container, {
      defaultEdgeType: "arrow",
      renderEdgeLabels: true,
      edgeReducer: (edge, data) => (graph.isUndirected(edge) ? { ...data, type: "line" } : data),
    });
    renderer.refresh();
    r.drawnNodePixels = countDrawn(container, "nodes");
    r.drawnEdgePixels = countDrawn(container, "edges");
    let displayed = 0;
    graph.forEachNode((node) => {
      if (renderer.getNodeDisplayData(node)) displayed++;
    });
    r.displayedNodes = displayed;
  } catch (e) {
    r.errors.push("sigma: " + (e && e.stack ? e.stack : e));
  }
  return r;
}

const pageErrors = [];
window.addEventListener("error", (e) => pageErrors.push("page: " + e.message));
const consoleError = console.error;
console.error = (...args) => {
  pageErrors.push("console.error: " + args.join(" "));
  consoleError(...args);
};

const results = [];
for (const item of window.NEWSGRAPH_EXPORTS) {
  try {
    results.push(check(item));
  } catch (e) {
    results.push({ name: item.name, format: item.format, errors: ["check: " + (e && e.stack ? e.stack : e)] });
  }
}
// The verdict is written a little later, so that errors thrown by the
// renders sigma schedules after the first one are in it too.
setTimeout(() => {
  const out = document.createElement("pre");
  out.id = "newsgraph-result";
  out.style.display = "none";
  // URI-encoded, so the DOM dump needs no HTML unescaping.
  out.textContent = encodeURIComponent(JSON.stringify({ results, pageErrors }));
  document.body.append(out);
}, 500);
