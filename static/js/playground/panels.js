// The playground's side panels: the reader's own data (CSV pasted or uploaded, points clicked on
// the plot), export and import of the model JSON, and the weight editor (also the keyboard's way
// to change a weight). Every check and every number is the engine's; these only collect input.
import { el } from "../draw-figure.js";

function labelled(text, input) {
  const label = el("label", "pg-field");
  label.append(el("span", "", text), input);
  return label;
}

function btn(ctx, text, part) {
  const b = el("button", "", text);
  b.type = "button";
  b.id = `${ctx.id}-${part}`;
  return b;
}

/** Start a run on new data (`load_csv` or `set_points`); a refusal leaves the current run as it is. */
async function loadData(ctx, call, extra, line) {
  const mine = ctx.generation;
  const result = await ctx.call(call, { options: ctx.values, ...extra });
  if (!result) { ctx.say(line, ctx.figure.querySelector(".widget-status").textContent, "bad"); return false; }
  if (mine !== ctx.generation) return false;
  ctx.pg.custom = extra;
  ctx.show(result);
  const n = result.points.train.length + result.points.test.length;
  ctx.say(line, `Loaded ${n} points (${result.problem}${result.problem === "classification" ? `, ${result.classes} classes` : ""}).`, "good");
  return true;
}

export function wireOwnData(ctx, box, heat) {
  box.append(el("summary", "", "Your own data"));
  const text = el("textarea", "pg-csv");
  text.id = `${ctx.id}-csv`;
  text.rows = 5;
  text.placeholder = "x1,x2,label\n0.5,1.2,0\n…   (or x,target for regression)";
  const load = btn(ctx, "Load CSV", "load-csv");
  const file = el("input");
  file.type = "file";
  file.accept = ".csv,text/csv,text/plain";
  file.id = `${ctx.id}-csv-file`;
  const clicking = el("input");
  clicking.type = "checkbox";
  clicking.id = `${ctx.id}-click-adds`;
  const klass = el("select");
  klass.id = `${ctx.id}-click-class`;
  for (let k = 0; k < 5; k++) klass.append(new Option(`class ${k}`, String(k)));
  const line = el("p", "pg-data-message");
  line.setAttribute("aria-live", "polite");
  line.dataset.part = "csv-message";
  box.append(labelled("Paste a CSV", text), load, labelled("or upload one", file),
    labelled("Clicking the plot adds a point of", klass), labelled("Click to add points", clicking), line);
  ctx.parts.csvMessage = line;

  load.addEventListener("click", () => loadData(ctx, "load_csv", { csv: text.value }, line));
  file.addEventListener("change", async () => {
    const f = file.files && file.files[0];
    if (!f) return;
    text.value = await f.text();
    loadData(ctx, "load_csv", { csv: text.value }, line);
  });
  heat.addEventListener("click", (event) => {
    if (!clicking.checked) return;
    const box = heat.getBoundingClientRect();
    const extent = ctx.result.grid.extent;
    const x = ((event.clientX - box.left) / box.width) * 2 * extent - extent;
    const y = extent - ((event.clientY - box.top) / box.height) * 2 * extent;
    const base = ctx.pg.custom && ctx.pg.custom.points ? ctx.pg.custom.points : [];
    loadData(ctx, "set_points", { points: [...base, [+x.toFixed(3), +y.toFixed(3), Number(klass.value)]] }, line);
  });
}

export function wireModelFiles(ctx, box) {
  box.append(el("summary", "", "Export or import the model"));
  const text = el("textarea", "pg-model");
  text.id = `${ctx.id}-model-json`;
  text.rows = 4;
  text.placeholder = "Export writes the model here as JSON; paste one here and Import loads it.";
  const exportB = btn(ctx, "Export", "export"), importB = btn(ctx, "Import", "import");
  const download = el("a", "pg-download", "Download model.json");
  download.download = "playground-model.json";
  download.hidden = true;
  const line = el("p", "pg-model-message");
  line.setAttribute("aria-live", "polite");
  box.append(labelled("Model JSON", text), exportB, importB, download, line);
  exportB.addEventListener("click", async () => {
    const args = { session: ctx.result.session, options: ctx.values, ...(ctx.pg.custom || {}) };
    if (ctx.mode === "server" && ctx.pg.model) args.model = ctx.pg.model;
    const model = await ctx.call("export", args);
    if (!model) return;
    const json = JSON.stringify(model);
    text.value = json;
    if (download.href) URL.revokeObjectURL(download.href);
    download.href = URL.createObjectURL(new Blob([json], { type: "application/json" }));
    download.hidden = false;
    ctx.say(line, `Exported the model at epoch ${model.epoch}.`, "good");
  });
  importB.addEventListener("click", async () => {
    let model;
    try { model = JSON.parse(text.value); } catch (error) { ctx.say(line, `Not JSON: ${error.message}`, "bad"); return; }
    const mine = ctx.generation;
    const result = await ctx.call("import", { model, stateless: ctx.mode === "server" });
    if (!result) { ctx.say(line, ctx.figure.querySelector(".widget-status").textContent, "bad"); return; }
    if (mine !== ctx.generation) return;
    ctx.pg.custom = null; // the imported run carries its own data in the worker's session
    ctx.show(result);
    ctx.say(line, `Imported a model at epoch ${result.epoch}.`, "good");
  });
}

/** The weight editor: a click on a link opens it filled in; keyboard users fill it in themselves. */
export function wireWeightEditor(ctx, box) {
  box.append(el("summary", "", "Edit a weight"));
  const field = (name, attrs) => {
    const input = el("input");
    input.type = "number";
    input.id = `${ctx.id}-edit-${name}`;
    Object.assign(input, attrs);
    return input;
  };
  const layer = field("layer", { min: 1, step: 1, value: 1 });
  const from = field("from", { min: 1, step: 1, value: 1 });
  const to = field("to", { min: 1, step: 1, value: 1 });
  const value = field("value", { step: "any", value: 0 });
  const set = btn(ctx, "Set weight", "set-weight");
  box.append(labelled("Layer", layer), labelled("From neuron", from), labelled("To neuron", to), labelled("Value", value), set);
  const apply = async () => {
    const mine = ctx.generation;
    const args = { session: ctx.result.session, options: ctx.values, ...(ctx.pg.custom || {}),
      layer: Number(layer.value), from: Number(from.value) - 1, to: Number(to.value) - 1, value: Number(value.value) };
    if (ctx.mode === "server") { args.stateless = true; if (ctx.pg.model) args.model = ctx.pg.model; }
    const result = await ctx.call("edit_weight", args);
    if (result && mine === ctx.generation) ctx.show(result);
  };
  set.addEventListener("click", apply);
  value.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); apply(); } });
  return {
    open(l, t, f, current) {
      box.open = true;
      layer.value = l; to.value = t + 1; from.value = f + 1; value.value = current;
      value.focus();
      value.select();
    },
  };
}
