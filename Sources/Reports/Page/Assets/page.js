// nntrace's explorable page: steps through recorded runs. Everything shown comes from the data
// block written by `nntrace export --html`; this script draws it, steps through it and looks
// lines up. The only arithmetic it does is drawing: scales, and the decision boundary (a forward
// pass of the step's recorded weights over a grid of the input plane).
"use strict";
(function () {
  const runs = JSON.parse(document.getElementById("nntrace-data").textContent);
  const $ = (id) => document.getElementById(id);
  const SVG = "http://www.w3.org/2000/svg";
  const STAGES = ["forward", "loss", "backward", "update"];
  const MAX_DRAWN = 24; // units drawn per layer; the rest are named in a note
  const BANDS = 6; // thickness bands of a large network's weights
  const bandWidth = (band) => (0.6 + (5.4 * (band + 0.5)) / BANDS).toFixed(1);
  const state = { run: 0, frame: 0, stage: 0, row: 0, subject: null, timer: null };
  let view = null; // the drawn elements of the current run

  // ---- numbers and names --------------------------------------------------------------------
  const num = (text) => (text == null ? NaN : parseFloat(text.replace("−", "-").replace("∞", "Infinity")));
  const SUB = "₀₁₂₃₄₅₆₇₈₉", SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹";
  const sub = (n) => String(n).split("").map((d) => SUB[+d]).join("");
  const sup = (n) => "⁽" + String(n).split("").map((d) => SUP[+d]).join("") + "⁾";
  const run = () => runs[state.run];
  const frame = () => run().frames[state.frame];
  const summaryRun = () => run().frames.length === 0;
  function unitName(l, i) {
    if (l === 0) return "x" + sub(i + 1);
    return run().model === "perceptron" ? "ŷ" : "a" + sub(i + 1) + sup(l);
  }
  function weightName(l, j, i) {
    return run().model === "perceptron" ? "w" + sub(j + 1) : "w" + sub(j + 1) + sub(i + 1) + sup(l);
  }
  const biasName = (l, i) => (run().model === "perceptron" ? "b" : "b" + sub(i + 1) + sup(l));
  function el(tag, attrs, parent, text) {
    const node = document.createElementNS(tag === "svg" || parent instanceof SVGElement ? SVG : "http://www.w3.org/1999/xhtml", tag);
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    if (text != null) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }
  function html(tag, attrs, parent, text) {
    const node = document.createElement(tag);
    for (const k in attrs) node.setAttribute(k, attrs[k]);
    if (text != null) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  // ---- the run switcher and header ----------------------------------------------------------
  runs.forEach((r, n) => html("option", { value: n }, $("run"), r.label + " (run " + r.id + ")"));
  $("run").hidden = runs.length < 2;
  $("run").previousElementSibling.hidden = runs.length < 2;
  $("run").addEventListener("change", () => showRun(+$("run").value));

  function showRun(n) {
    stop();
    state.run = n; state.frame = 0; state.row = 0; state.subject = null;
    const r = run();
    $("summary").textContent = r.summary || "";
    $("runinfo").textContent = [r.label, "run " + r.id, r.layers.join(" → "), r.activations.join(", "),
      r.loss ? "loss " + r.loss : null, r.optimizer, "capture " + r.capture, r.status].filter(Boolean).join(" · ");
    $("thinning").hidden = !r.thinning;
    $("thinning").textContent = r.thinning || "";
    const count = summaryRun() ? epochRows().length : r.frames.length;
    $("slider").max = Math.max(0, count - 1);
    $("slider").setAttribute("aria-label", summaryRun() ? "Epoch" : "Step");
    $("stages").hidden = summaryRun();
    $("epochs").hidden = !r.epochView;
    $("data").hidden = summaryRun();
    $("boundary").hidden = !(r.points && r.points.length) || summaryRun();
    buildNetwork();
    buildCharts();
    if (r.epochView) buildEpochTable();
    clearSubject();
    render();
  }

  // ---- stepping -----------------------------------------------------------------------------
  function go(n) {
    const max = +$("slider").max;
    const next = Math.max(0, Math.min(max, n));
    if (next === state.frame) return;
    state.frame = next;
    state.row = Math.min(state.row, summaryRun() ? 0 : frame().rows.length - 1);
    render();
  }
  function stop() {
    if (state.timer) clearInterval(state.timer);
    state.timer = null;
    $("play").textContent = "Play";
    $("play").setAttribute("aria-pressed", "false");
  }
  function play() {
    if (state.timer) return stop();
    if (state.frame >= +$("slider").max) go(0);
    const delay = matchMedia("(prefers-reduced-motion: reduce)").matches ? 1200 : 400;
    state.timer = setInterval(() => (state.frame >= +$("slider").max ? stop() : go(state.frame + 1)), delay);
    $("play").textContent = "Pause";
    $("play").setAttribute("aria-pressed", "true");
  }
  function setStage(s) { state.stage = s; render(); }
  $("first").onclick = () => go(0);
  $("prev").onclick = () => go(state.frame - 1);
  $("next").onclick = () => go(state.frame + 1);
  $("last").onclick = () => go(+$("slider").max);
  $("play").onclick = play;
  $("slider").addEventListener("input", () => go(+$("slider").value));
  $("row").addEventListener("change", () => { state.row = +$("row").value; render(); });
  document.querySelectorAll("#stages button").forEach((b) => (b.onclick = () => setStage(+b.dataset.stage)));
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const t = e.target;
    if (t === $("slider") || t.tagName === "SELECT" || t.tagName === "INPUT") return; // they handle their own keys
    const keys = { ArrowLeft: () => go(state.frame - 1), ArrowRight: () => go(state.frame + 1), Home: () => go(0), End: () => go(+$("slider").max) };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
    else if (/^[1-4]$/.test(e.key) && !summaryRun()) setStage(+e.key - 1);
  });

  // ---- the network --------------------------------------------------------------------------
  function buildNetwork() {
    const r = run(), box = $("net");
    box.textContent = "";
    const layers = r.layers, shown = layers.map((n) => Math.min(n, MAX_DRAWN));
    const tall = Math.max(...shown), colW = 150, rowH = summaryRun() ? 10 : tall > 12 ? 26 : 56;
    const width = colW * layers.length + 90, height = rowH * tall + 70;
    const svg = el("svg", { viewBox: "0 0 " + width + " " + height, role: "group", "aria-label": "The network, " + layers.join(" → ") + " units" }, box);
    const pos = (l, i) => [50 + l * colW, 35 + (i + 0.5) * rowH + ((tall - shown[l]) * rowH) / 2];
    view = { units: [], weights: [], biases: [], loss: null, svg, focusWeights: true };
    if (summaryRun()) return buildLayerBoxes(svg, pos, shown);
    const gWeights = el("g", {}, svg), gNodes = el("g", {}, svg);
    let drawnWeights = 0;
    for (let l = 1; l < layers.length; l++) drawnWeights += shown[l - 1] * shown[l];
    // Larger networks: weights are reached through their unit's buttons.
    const focusWeights = (view.focusWeights = drawnWeights <= 64);
    // An activation lesson has no weights: one function applied to each input.
    const hasWeights = r.model !== "activation";
    for (let l = 1; hasWeights && l < layers.length; l++) {
      view.weights[l] = [];
      for (let j = 0; j < shown[l - 1]; j++) for (let i = 0; i < shown[l]; i++) {
        const [x1, y1] = pos(l - 1, j), [x2, y2] = pos(l, i), key = "w" + l + "." + j + "." + i;
        const segment = "M" + (x1 + 14) + " " + y1 + "L" + (x2 - 14) + " " + y2;
        if (!focusWeights) { view.weights[l].push({ segment, j, i, key }); continue; }
        const line = el("line", { x1: x1 + 14, y1, x2: x2 - 14, y2, class: "weight", role: "button", tabindex: 0 }, gWeights);
        el("title", {}, line);
        line.dataset.key = key;
        view.weights[l].push({ node: line, j, i, key });
      }
    }
    // A large network's weights are drawn as one path per sign and thickness band: fast to redraw.
    if (!focusWeights) {
      view.bands = [];
      for (let band = 0; band < BANDS; band++) for (const sign of ["pos", "neg", "none"])
        view.bands.push(el("path", { class: "weight " + sign, "stroke-width": bandWidth(band), fill: "none", "aria-hidden": "true" }, gWeights));
    }
    for (let l = 0; l < layers.length; l++) {
      view.units[l] = [];
      for (let i = 0; i < shown[l]; i++) {
        const [x, y] = pos(l, i);
        const g = el("g", { class: "unit", role: "button", tabindex: 0 }, gNodes);
        el("circle", { cx: x, cy: y, r: rowH > 40 ? 20 : 11 }, g);
        const label = el("text", { x, y: y + 4, "text-anchor": "middle" }, g);
        el("title", {}, g);
        g.dataset.key = "u" + l + "." + i;
        view.units[l].push({ node: g, label, i });
        if (l > 0 && hasWeights) {
          const b = el("g", { class: "bias", role: "button", tabindex: 0 }, gNodes);
          el("rect", { x: x + 14, y: y - (rowH > 40 ? 24 : 13), width: 9, height: 9 }, b);
          el("title", {}, b);
          b.dataset.key = "b" + l + "." + i;
          view.biases.push({ node: b, l, i });
        }
      }
      if (layers[l] > shown[l]) el("text", { x: pos(l, 0)[0] - 20, y: height - 8 }, svg, "+" + (layers[l] - shown[l]) + " more");
      el("text", { x: pos(l, 0)[0], y: 16, "text-anchor": "middle" }, svg, l === 0 ? "input" : "layer " + l + " · " + r.activations[l - 1]);
    }
    if (r.model !== "activation") {
      const [x, y] = pos(layers.length - 1, 0), lx = x + 62, ly = y;
      const g = el("g", { class: "lossnode", role: "button", tabindex: 0 }, gNodes);
      el("circle", { cx: lx, cy: ly, r: 14 }, g);
      el("text", { x: lx, y: ly + 4, "text-anchor": "middle" }, g, r.model === "perceptron" ? "e" : "L");
      el("title", {}, g);
      g.dataset.key = "L";
      view.loss = g;
    }
    svg.addEventListener("click", (e) => { const k = e.target.closest("[data-key]"); if (k) choose(k.dataset.key); });
    svg.addEventListener("focusin", (e) => { const k = e.target.closest("[data-key]"); if (k) choose(k.dataset.key); });
    svg.addEventListener("keydown", (e) => {
      const k = e.target.closest("[data-key]");
      if (k && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); choose(k.dataset.key); }
    });
  }
  function buildLayerBoxes(svg, pos, shown) {
    const r = run();
    view.boxes = r.layers.map((n, l) => {
      const [x, y0] = pos(l, 0), [, y1] = pos(l, shown[l] - 1);
      el("rect", { x: x - 30, y: y0 - 12, width: 60, height: y1 - y0 + 24, rx: 8, fill: "none", stroke: "currentColor" }, svg);
      el("text", { x, y: 16, "text-anchor": "middle" }, svg, l === 0 ? "input · " + n : "layer " + l + " · " + n + " " + r.activations[l - 1]);
      return el("text", { x, y: (y0 + y1) / 2, "text-anchor": "middle" }, svg, "");
    });
  }

  // The value a unit shows at the current stage, and what it is.
  function unitValue(f, l, i) {
    const row = state.row;
    if (l === 0) return [f.x[row] && f.x[row][i], unitName(0, i)];
    if (state.stage === 2) return [f.d[row][l - 1][i], run().model === "perceptron" ? "e" : run().model === "activation" ? "f′" : "δ" + sub(i + 1) + sup(l)];
    return [f.a[row][l - 1][i], unitName(l, i)];
  }
  function weightValue(f, l, j, i) {
    const n = run().layers[l], k = j * n + i;
    if (state.stage === 2) return [f.gw[l - 1][k], "∂L/∂" + weightName(l, j, i)];
    if (state.stage === 3) return [f.wn[l - 1][k], weightName(l, j, i) + " after the update"];
    return [f.w[l - 1][k], weightName(l, j, i)];
  }
  function biasValue(f, l, i) {
    if (state.stage === 2) return [f.gb[l - 1][i], "∂L/∂" + biasName(l, i)];
    if (state.stage === 3) return [f.bn[l - 1][i], biasName(l, i) + " after the update"];
    return [f.b[l - 1][i], biasName(l, i)];
  }
  const said = (value, name) => name + " = " + (value == null ? "not recorded" : value);
  function drawNetwork() {
    const f = frame(), r = run();
    if (!f) return;
    view.units.forEach((units, l) => units.forEach((u) => {
      const [v, name] = unitValue(f, l, u.i);
      u.label.textContent = r.layers[l] > 8 ? "" : short(v);
      u.node.querySelector("title").textContent = said(v, name);
      u.node.setAttribute("aria-label", "unit " + said(v, name));
      const active = state.stage === 0 ? l > 0 : state.stage === 1 ? l === r.layers.length - 1 : state.stage === 2 ? l > 0 : false;
      u.node.classList.toggle("active", active);
    }));
    let largest = 0;
    const values = [];
    // Names are spelled only for weights that carry them (a large network's have none).
    const table = state.stage === 2 ? f.gw : state.stage === 3 ? f.wn : f.w;
    view.weights.forEach((ws, l) => ws.forEach((w) => {
      const v = view.bands ? [table[l - 1][w.j * r.layers[l] + w.i]] : weightValue(f, l, w.j, w.i);
      values.push(v);
      largest = Math.max(largest, Math.abs(num(v[0])) || 0);
    }));
    let n = 0;
    const paths = view.bands ? view.bands.map(() => []) : null;
    view.weights.forEach((ws) => ws.forEach((w) => {
      const [v, name] = values[n++], x = num(v), sign = !isFinite(x) ? "none" : x < 0 ? "neg" : "pos";
      const size = isFinite(x) && largest > 0 ? Math.abs(x) / largest : 0;
      if (paths) {
        paths[Math.min(BANDS - 1, Math.floor(size * BANDS)) * 3 + ["pos", "neg", "none"].indexOf(sign)].push(w.segment);
        return;
      }
      w.node.setAttribute("stroke-width", (0.6 + 5.4 * size).toFixed(1));
      const kind = "weight " + sign + (state.subject === w.key ? " chosen" : "");
      if (w.kind !== kind) w.node.setAttribute("class", (w.kind = kind));
      w.node.querySelector("title").textContent = said(v, name);
      w.node.setAttribute("aria-label", "weight " + said(v, name));
    }));
    if (paths) paths.forEach((segments, k) => view.bands[k].setAttribute("d", segments.join("")));
    view.biases.forEach((b) => {
      const [v, name] = biasValue(f, b.l, b.i);
      b.node.querySelector("title").textContent = said(v, name);
      b.node.setAttribute("aria-label", "bias " + said(v, name));
      b.node.classList.toggle("active", state.stage === 3);
    });
    if (view.loss) {
      const s = f.rows[state.row];
      const v = r.model === "perceptron" ? f.d[state.row][0][0] : f.loss[state.row];
      const name = r.model === "perceptron" ? "e (data row " + s + ")" : "L (data row " + s + ")";
      view.loss.querySelector("title").textContent = said(v, name);
      view.loss.setAttribute("aria-label", "loss " + said(v, name) + (f.batchLoss ? "; batch " + f.batchLoss : ""));
      view.loss.classList.toggle("active", state.stage === 1);
    }
    if (r.model === "activation") {
      $("legend").textContent = "Units show " + (state.stage === 2 ? "the derivative f′(z)" : "a = f(z)") + " for data row " + f.rows[state.row] + ". Hover or focus anything for its number.";
      return;
    }
    const what = ["the weights the step starts from", "the weights the step starts from", "each weight's gradient ∂L/∂w", "the weights after the update"][state.stage];
    $("legend").textContent = "Line thickness: the size of " + what + " (the largest drawn is thickest). Solid lines are positive, dashed lines negative" +
      " (blue and orange as well). Units show " + (state.stage === 2 ? "δ = ∂L/∂z" : "their activation") + " for data row " + f.rows[state.row] + ". Hover or focus anything for its number.";
  }
  function short(text) {
    const x = num(text);
    if (!isFinite(x)) return text == null ? "–" : text;
    return (Math.abs(x) >= 100 || (Math.abs(x) < 0.01 && x !== 0) ? x.toExponential(1) : x.toFixed(2)).replace("-", "−");
  }

  // ---- the arithmetic panel -----------------------------------------------------------------
  function clearSubject() {
    state.subject = null;
    $("formula").textContent = "";
    $("related").textContent = "";
    $("live").textContent = "";
  }
  function choose(key) {
    state.subject = key;
    document.querySelectorAll("#net .chosen").forEach((n) => n.classList.remove("chosen"));
    const node = view.svg.querySelector('[data-key="' + key + '"]');
    if (node) node.classList.add("chosen");
    explain();
  }
  // The lines of the chosen value at this step, and its incoming weights to reach by keyboard.
  function explain() {
    const key = state.subject, f = frame();
    if (!key || !f) return;
    const s = f.rows[state.row], r = run();
    let lookup = key, title = "", related = [];
    if (key[0] === "u") {
      const [l, i] = key.slice(1).split(".").map(Number);
      lookup = key + "." + s;
      const [v] = unitValue(f, l, i);
      title = l === 0 ? unitName(0, i) + " = " + v + ": an input, data row " + s + "'s value" : "unit " + unitName(l, i) + ", data row " + s;
      if (l > 0 && r.model !== "activation") {
        for (let j = 0; j < Math.min(r.layers[l - 1], MAX_DRAWN); j++) related.push(["w" + l + "." + j + "." + i, weightName(l, j, i)]);
        related.push(["b" + l + "." + i, biasName(l, i)]);
      }
    } else if (key[0] === "w") {
      const [l, j, i] = key.slice(1).split(".").map(Number);
      title = "weight " + weightName(l, j, i) + ", from " + unitName(l - 1, j) + " to " + unitName(l, i);
    } else if (key[0] === "b") {
      const [l, i] = key.slice(1).split(".").map(Number);
      title = "bias " + biasName(l, i) + " of unit " + unitName(l, i);
    } else {
      lookup = r.model === "perceptron" ? "u1.0." + s : "L" + s;
      title = r.model === "perceptron" ? "the error e, data row " + s : "the loss of data row " + s;
      if (f.lines.L) related.push(["Lb", "the batch's loss"]);
    }
    if (key === "Lb") { lookup = "L"; title = "the loss of the batch of " + f.batch; }
    const lines = f.lines[lookup] || [];
    $("subject").textContent = title.charAt(0).toUpperCase() + title.slice(1) + " · step " + f.step;
    const list = $("formula");
    list.textContent = "";
    let current = null;
    lines.forEach(([stage, text]) => {
      const li = html("li", {}, list);
      html("span", { class: "stage" }, li, STAGES[stage]);
      html("span", { class: "line" }, li, text);
      if (stage === state.stage && !current) { li.setAttribute("aria-current", "step"); current = text; }
    });
    if (!lines.length) {
      const why = key[0] === "u" && key.startsWith("u0") ? "" : r.toldInFull
        ? "No line of this step was recorded for it."
        : "Its formula is left out of this page, as replay leaves it out by default (the page holds the lines of the first 4 units and weights of each layer).";
      if (why) html("li", {}, list, why + " nntrace replay " + r.id + " --step " + f.step + " --full tells every line.");
    }
    $("live").textContent = title + ": " + (current || (lines[0] ? lines[0][1] : "no formula on this page"));
    const box = $("related");
    box.textContent = "";
    if (related.length) {
      html("p", { class: "note" }, box, key[0] === "L" ? "See also:" : "Its weights and bias:");
      related.forEach(([k, name]) => { const b = html("button", { type: "button" }, box, name); b.onclick = () => choose(k); });
    }
  }

  // ---- the step's data rows -----------------------------------------------------------------
  function drawRows() {
    const f = frame(), r = run(), box = $("rows");
    box.textContent = "";
    if (!f) return;
    const last = r.layers.length - 1;
    const t = html("table", {}, box);
    html("caption", { class: "note" }, t, "Step " + f.step + " (epoch " + f.epoch + "): " + (f.batch > f.rows.length ? "the first " + f.rows.length + " of the batch's " + f.batch + " data rows" : f.batch === 1 ? "one data row" : "a batch of " + f.batch + " data rows") + (f.batchLoss ? "; batch loss " + f.batchLoss : ""));
    const head = html("tr", {}, t);
    ["data row", "x", "y", r.model === "activation" ? "a" : "output a", r.model === "perceptron" ? "error e" : "loss"].forEach((h) => html("th", { scope: "col" }, head, h));
    f.rows.forEach((s, n) => {
      const tr = html("tr", n === state.row ? { "aria-current": "true" } : {}, t);
      const out = f.a[n][last - 1] || [];
      [String(s), (f.x[n] || []).join(", "), (f.y[n] || []).join(", "), out.join(", "), r.model === "perceptron" ? f.d[n][0][0] : f.loss[n]]
        .forEach((c, k) => html(k === 0 ? "th" : "td", k === 0 ? { scope: "row" } : { class: "num" }, tr, c == null ? "–" : c));
    });
  }

  // ---- charts -------------------------------------------------------------------------------
  const CW = 520, CH = 150, PAD = 42;
  function buildCharts() {
    const r = run();
    view.charts = [];
    $("losschart").textContent = ""; $("normchart").textContent = "";
    const activation = r.model === "activation";
    $("charts-h").textContent = activation ? "The function and its derivative" : "Loss and gradient norms";
    $("chartnote").textContent = activation
      ? (r.curve ? "Each recorded z: ● a = f(z), ■ f′(z). Points only; nothing between them was computed." : "Softmax depends on every unit's z at once: see the data rows.")
      : "Click a chart to go to that step.";
    if (activation) return r.curve && curveChart($("losschart"), r.activations[0] + ": a = f(z) and f′(z)", r.curve);
    chart($("losschart"), r.model === "perceptron" ? "|y − ŷ| per step" : "loss per step", [r.losses], ["loss"], false);
    if (r.norms.some((s) => s.some((v) => v != null)))
      chart($("normchart"), "gradient norm ‖∂L/∂W⁽ˡ⁾‖ per layer, weights only (log scale)", r.norms, r.norms.map((_, l) => "layer " + (l + 1)), true);
  }
  function chart(box, title, series, names, log) {
    const n = run().steps, values = series.flat().map(num).filter((x) => isFinite(x) && (!log || x > 0));
    if (!values.length) return;
    const tf = (x) => (log ? Math.log10(x) : x);
    let lo = Math.min(...values.map(tf)), hi = Math.max(...values.map(tf));
    if (hi === lo) { hi += 1; lo -= log ? 1 : 0; }
    const sx = (s) => PAD + ((CW - PAD - 10) * s) / Math.max(1, n - 1), sy = (v) => CH - 22 - ((CH - 40) * (tf(v) - lo)) / (hi - lo);
    const svg = el("svg", { viewBox: "0 0 " + CW + " " + CH, class: "chart", role: "img", tabindex: 0, "aria-label": title + ", " + n + " steps. Click a step to go to it; ← and → move a step." }, box);
    el("text", { x: PAD, y: 12 }, svg, title);
    el("line", { x1: PAD, y1: CH - 22, x2: CW - 10, y2: CH - 22, class: "axis" }, svg);
    el("line", { x1: PAD, y1: 18, x2: PAD, y2: CH - 22, class: "axis" }, svg);
    const fmt = (v) => (log ? Math.pow(10, v) : v).toPrecision(3);
    el("text", { x: 2, y: 24 }, svg, fmt(hi));
    el("text", { x: 2, y: CH - 24 }, svg, fmt(lo));
    el("text", { x: PAD, y: CH - 6 }, svg, "step 0");
    el("text", { x: CW - 10, y: CH - 6, "text-anchor": "end" }, svg, "step " + (n - 1));
    series.forEach((s, k) => {
      // A step with nothing recorded breaks the line: nothing is drawn across it.
      let d = "", open = false;
      s.forEach((v, step) => {
        const x = num(v);
        if (!isFinite(x) || (log && x <= 0)) { open = false; return; }
        d += (open ? "L" : "M") + sx(step).toFixed(1) + " " + sy(x).toFixed(1);
        open = true;
      });
      el("path", { d, class: "series s" + (k % 4) }, svg);
      if (series.length > 1) el("text", { x: CW - 12, y: 26 + 12 * k, "text-anchor": "end" }, svg, names[k] + " " + ["——", "– –", "···", "-·-"][k % 4]);
    });
    const cursor = el("line", { y1: 18, y2: CH - 22, class: "cursor" }, svg);
    const label = el("text", { y: 24, "text-anchor": "start" }, svg, "");
    svg.addEventListener("click", (e) => {
      const box = svg.getBoundingClientRect();
      const x = ((e.clientX - box.left) / box.width) * CW;
      jumpToStep(Math.round(((x - PAD) / (CW - PAD - 10)) * (n - 1)));
    });
    view.charts.push({ svg, cursor, label, series, sx, names });
  }
  // An activation lesson: f(z) and f′(z) at each recorded z, as points (a circle and a square).
  function curveChart(box, title, recorded) {
    const points = recorded.filter((p) => isFinite(num(p[0])));
    if (!points.length) return null;
    const zs = points.map((p) => num(p[0])), ys = points.flatMap((p) => [num(p[1]), num(p[2])]).filter(isFinite);
    const zlo = Math.min(...zs), zhi = Math.max(...zs), lo = Math.min(0, ...ys), hi = Math.max(...ys, lo + 1);
    const sx = (z) => PAD + ((CW - PAD - 10) * (z - zlo)) / Math.max(1e-9, zhi - zlo), sy = (v) => CH - 22 - ((CH - 40) * (v - lo)) / (hi - lo);
    const svg = el("svg", { viewBox: "0 0 " + CW + " " + CH, class: "chart", role: "img", "aria-label": title + ", at " + points.length + " values of z" }, box);
    el("text", { x: PAD, y: 12 }, svg, title);
    el("line", { x1: PAD, y1: CH - 22, x2: CW - 10, y2: CH - 22, class: "axis" }, svg);
    el("line", { x1: PAD, y1: 18, x2: PAD, y2: CH - 22, class: "axis" }, svg);
    el("text", { x: 2, y: 24 }, svg, hi.toPrecision(3));
    el("text", { x: 2, y: CH - 24 }, svg, lo.toPrecision(3));
    el("text", { x: PAD, y: CH - 6 }, svg, "z = " + zlo);
    el("text", { x: CW - 10, y: CH - 6, "text-anchor": "end" }, svg, "z = " + zhi);
    points.forEach(([z, a, d]) => {
      const x = sx(num(z));
      if (isFinite(num(a))) el("title", {}, el("circle", { cx: x, cy: sy(num(a)), r: 3, class: "point" }, svg), "z = " + z + ", f(z) = " + a);
      if (isFinite(num(d))) el("title", {}, el("rect", { x: x - 3, y: sy(num(d)) - 3, width: 6, height: 6, class: "point derivative" }, svg), "z = " + z + ", f′(z) = " + d);
    });
    return svg;
  }
  function jumpToStep(step) {
    const r = run();
    step = Math.max(0, Math.min(r.steps - 1, step));
    if (summaryRun()) return go(epochRows().findIndex((row) => +row[0] === r.stepEpochs[step]));
    // The recorded step nearest to the one clicked: a step the page does not hold is never made up.
    let best = 0;
    r.frames.forEach((f, n) => { if (Math.abs(f.step - step) < Math.abs(r.frames[best].step - step)) best = n; });
    go(best);
  }
  function currentStep() {
    const r = run();
    if (!summaryRun()) return frame().step;
    const epoch = +epochRows()[state.frame][0];
    return r.stepEpochs.lastIndexOf(epoch);
  }
  function drawCursors() {
    const step = currentStep();
    view.charts.forEach((c) => {
      const x = c.sx(step).toFixed(1);
      c.cursor.setAttribute("x1", x); c.cursor.setAttribute("x2", x);
      c.label.setAttribute("x", Math.min(+x + 4, CW - 150));
      c.label.textContent = "step " + step + ": " + c.series.map((s) => (s[step] == null ? "not recorded" : s[step])).join(", ");
    });
  }

  // ---- decision boundary --------------------------------------------------------------------
  const ACT = {
    sigmoid: (z) => 1 / (1 + Math.exp(-z)), tanh: Math.tanh, relu: (z) => Math.max(0, z), linear: (z) => z,
    step: (z) => (z >= 0 ? 1 : 0),
  };
  // A forward pass for one point of the plane, in buffers made once per drawing.
  function network(w, b) {
    const r = run(), sizes = r.layers, buffers = sizes.map((n) => new Float64Array(n));
    const fns = r.activations.map((name, l) => {
      const slope = num(r.slopes[l]);
      return name === "leaky_relu" ? (z) => (z > 0 ? z : slope * z) : ACT[name] || ACT.linear;
    });
    return (x0, x1) => {
      buffers[0][0] = x0; buffers[0][1] = x1;
      for (let l = 1; l < sizes.length; l++) {
        const nIn = sizes[l - 1], nOut = sizes[l], a = buffers[l - 1], z = buffers[l], wl = w[l - 1], bl = b[l - 1];
        for (let i = 0; i < nOut; i++) {
          let sum = bl[i];
          for (let j = 0; j < nIn; j++) sum += wl[j * nOut + i] * a[j];
          z[i] = sum;
        }
        if (r.activations[l - 1] === "softmax") {
          let m = -Infinity, t = 0;
          for (let i = 0; i < nOut; i++) m = Math.max(m, z[i]);
          for (let i = 0; i < nOut; i++) t += (z[i] = Math.exp(z[i] - m));
          for (let i = 0; i < nOut; i++) z[i] /= t;
        } else for (let i = 0; i < nOut; i++) z[i] = fns[l - 1](z[i]);
      }
      return buffers[sizes.length - 1];
    };
  }
  function drawBoundary() {
    const r = run(), f = frame();
    if (!(r.points && r.points.length) || !f) return;
    const useNew = state.stage === 3 && f.complete;
    const w = (useNew ? f.wn : f.w).map((m) => m.map(num)), b = (useNew ? f.bn : f.b).map((m) => m.map(num));
    const pts = r.points.map((p) => p.map(num));
    const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
    const pad = (lo, hi) => { const m = (hi - lo) * 0.15 || 0.5; return [lo - m, hi + m]; };
    const [x0, x1] = pad(Math.min(...xs), Math.max(...xs)), [y0, y1] = pad(Math.min(...ys), Math.max(...ys));
    // A grid of 64 × 64 points; 32 × 32 above 200 weights, 20 × 20 above 1,000.
    const weights = w.reduce((n, m) => n + m.length, 0), canvas = $("plane");
    const N = weights > 1000 ? 20 : weights > 200 ? 32 : 64;
    if (canvas.width !== N) canvas.width = canvas.height = N;
    const ctx = canvas.getContext("2d"), img = ctx.createImageData(N, N);
    const dark = matchMedia("(prefers-color-scheme: dark)").matches;
    const outputs = r.layers[r.layers.length - 1], pass = network(w, b);
    const c0 = dark ? [120, 60, 10] : [250, 200, 150], c1 = dark ? [20, 60, 130] : [160, 200, 250];
    const level = new Float64Array(N * N);
    for (let py = 0; py < N; py++) for (let px = 0; px < N; px++) {
      const out = pass(x0 + ((px + 0.5) / N) * (x1 - x0), y1 - ((py + 0.5) / N) * (y1 - y0));
      let t = 0;
      if (outputs === 1) t = Math.max(0, Math.min(1, out[0]));
      else { for (let i = 1; i < outputs; i++) if (out[i] > out[t]) t = i; t /= outputs - 1; }
      level[py * N + px] = isFinite(t) ? t : 0.5;
    }
    // Orange (0) to blue (1), light in a light scheme, dark in a dark one; where the output crosses
    // 0.5 (or the class changes) between neighbouring points, a line in the text colour.
    const side = (k) => (outputs === 1 ? level[k] >= 0.5 : level[k]);
    for (let py = 0; py < N; py++) for (let px = 0; px < N; px++) {
      const n = py * N + px, k = n * 4, t = level[n];
      const edge = (px + 1 < N && side(n) !== side(n + 1)) || (py + 1 < N && side(n) !== side(n + N));
      for (let ch = 0; ch < 3; ch++) img.data[k + ch] = edge ? (dark ? 235 : 20) : Math.round(c0[ch] + (c1[ch] - c0[ch]) * t);
      img.data[k + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    const svg = $("points");
    svg.textContent = "";
    pts.forEach((p, n) => {
      const cx = (100 * (p[0] - x0)) / (x1 - x0), cy = 100 - (100 * (p[1] - y0)) / (y1 - y0);
      const y = r.targets[n] || [];
      const positive = y.length === 1 ? num(y[0]) >= 0.5 : y.map(num).indexOf(Math.max(...y.map(num))) > 0;
      if (positive) el("rect", { x: cx - 2, y: cy - 2, width: 4, height: 4, class: "p1" }, svg);
      else el("circle", { cx, cy, r: 2.2, class: "p0" }, svg);
    });
    const which = useNew ? "after its update" : "it starts from";
    canvas.setAttribute("aria-label", "The network's output over the input plane with the weights step " + f.step + " " + which);
    $("boundarynote").textContent = "The output over x₁ (across, " + x0.toFixed(2) + " to " + x1.toFixed(2) + ") and x₂ (up, " + y0.toFixed(2) + " to " + y1.toFixed(2) +
      "), from the recorded weights step " + f.step + " " + which + ": orange near 0, blue near 1" + (outputs === 1 ? ", a line where it crosses 0.5" : " (the class of the largest output), a line where the class changes") +
      ". Data rows: ○ target 0, ■ target 1.";
  }

  // ---- summary runs: epoch by epoch ---------------------------------------------------------
  const epochRows = () => (run().epochView ? run().epochView.rows : []);
  function buildEpochTable() {
    const v = run().epochView, box = $("epochtable");
    box.textContent = "";
    const t = html("table", {}, box);
    html("caption", { class: "note" }, t, "This run recorded statistics of each step and layer (--capture summary), not every value. Each row is an epoch: means over its recorded steps.");
    const head = html("tr", {}, t);
    v.columns.forEach((c) => html("th", { scope: "col" }, head, c));
    view.epochRows = v.rows.map((row) => {
      const tr = html("tr", {}, t);
      row.forEach((c, k) => html(k === 0 ? "th" : "td", k === 0 ? { scope: "row" } : { class: "num" }, tr, c == null ? "not recorded" : c));
      return tr;
    });
  }
  function drawSummary() {
    const v = run().epochView, row = v.rows[state.frame];
    view.epochRows.forEach((tr, n) => (n === state.frame ? tr.setAttribute("aria-current", "true") : tr.removeAttribute("aria-current")));
    const depth = run().layers.length - 1, base = v.columns.length - 5 * depth;
    view.boxes.forEach((t, l) => {
      t.textContent = l === 0 ? "" : "‖W‖ " + (row[base + 5 * (l - 1) + 4] || "–");
    });
    $("subject").textContent = "Epoch " + row[0] + ": mean loss " + (row[2] || "not recorded") + ". This run recorded statistics, not values, so there is no formula to show; nntrace run with --capture all records them.";
    $("live").textContent = "Epoch " + row[0] + ", mean loss " + (row[2] || "not recorded");
  }

  // ---- one render per change ----------------------------------------------------------------
  function render() {
    const r = run();
    $("slider").value = state.frame;
    if (summaryRun()) {
      const rows = epochRows();
      const text = rows.length ? "Epoch " + rows[state.frame][0] + " of " + r.epochs : "Nothing was recorded";
      $("steplabel").textContent = text;
      $("slider").setAttribute("aria-valuetext", text);
      if (rows.length) { drawSummary(); drawCursors(); }
    } else if (frame()) {
      const f = frame(), prev = r.frames[state.frame - 1];
      let text = r.model === "activation" ? "One pass of every z through the function; nothing is trained" : "Step " + f.step + " of " + r.steps + " · epoch " + f.epoch;
      if (prev && f.step - prev.step > 1) {
        const gap = f.step - prev.step === 2 ? "step " + (prev.step + 1) + (r.thinning ? " is not on this page" : " was not recorded") : "steps " + (prev.step + 1) + "–" + (f.step - 1) + (r.thinning ? " are not on this page" : " were not recorded");
        text += " (" + gap + ")";
      }
      if (!f.complete && r.model !== "activation") text += " · stopped before its update";
      $("steplabel").textContent = text;
      $("slider").setAttribute("aria-valuetext", text);
      const rowSelect = $("row");
      if (rowSelect.options.length !== f.rows.length || [...rowSelect.options].some((o, n) => o.text !== String(f.rows[n]))) {
        rowSelect.textContent = "";
        f.rows.forEach((s, n) => html("option", { value: n }, rowSelect, String(s)));
      }
      rowSelect.value = state.row;
      document.querySelectorAll("#stages button").forEach((b) => b.setAttribute("aria-pressed", String(+b.dataset.stage === state.stage)));
      $("stagenote").textContent = r.model === "activation"
        ? ["Forward: a = f(z) for each z.", "Loss: none, nothing is trained here.", "Backward: f′(z), the factor backpropagation multiplies every gradient by.", "Update: none, nothing is trained here."][state.stage]
        : ["Forward: each unit computes z = Σ w·a + b and a = f(z).", "Loss: the output is compared with the target y.",
        "Backward: δ = ∂L/∂z flows down from the output, giving each weight its gradient ∂L/∂w.", "Update: the optimizer moves every weight against its gradient."][state.stage];
      drawNetwork(); drawRows(); drawCursors(); drawBoundary(); explain();
    } else {
      $("steplabel").textContent = "This run recorded no step (--capture none).";
    }
  }

  showRun(0);
  // For the browser tests: when the page was ready, and where it stands.
  window.nntraceReadyAt = performance.now();
  window.nntraceState = () => ({ run: state.run, frame: state.frame, step: summaryRun() ? null : frame().step, stage: state.stage, row: state.row });
})();
