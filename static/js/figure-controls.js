// The controls of a figure, built from its option table (the `data-options` JSON that the
// engine module declares once: engine/widgets/<name>.py OPTIONS). Nothing here knows a range:
// min, max, step, default, label and choices all come from the table.
//
// An option: { name, kind: number|integer|choice|boolean, default, min, max, step, label,
//              choices: [[value, label], …], control: slider|select|checkbox|number|hidden, url, help }

import { fmt } from "./draw.js";

/** The control an option gets when the table does not say. */
export function controlOf(option) {
  if (option.control) return option.control;
  if (option.kind === "choice") return "select";
  if (option.kind === "boolean") return "checkbox";
  if (option.kind === "number" || option.kind === "integer") return "slider";
  return "hidden";
}

/** [[value, label], …] whatever shape the table gives choices in. */
export function choicesOf(option) {
  return (option.choices || []).map((c) => (Array.isArray(c) ? c : typeof c === "object" ? [c.value, c.label ?? String(c.value)] : [c, String(c)]));
}

/** Digits a readout needs to show every value the step can reach (step 0.05 → 2, step 1 → 0). */
function digitsOf(option) {
  const step = Number(option.step);
  if (!Number.isFinite(step) || step <= 0 || option.kind === "integer") return option.kind === "integer" ? 0 : 3;
  const text = String(step);
  const dot = text.indexOf(".");
  return text.includes("e-") ? Number(text.split("e-")[1]) : dot < 0 ? 0 : text.length - dot - 1;
}

/**
 * Why `value` is not allowed by `option`, or null when it is. The engine checks the same table;
 * asking here first lets the figure answer at once, naming the control.
 */
export function refusal(option, value) {
  const name = option.label || option.name;
  if (option.kind === "number" || option.kind === "integer") {
    if (typeof value !== "number" || !Number.isFinite(value)) return `${name}: enter a number`;
    if (option.kind === "integer" && !Number.isInteger(value)) return `${name}: must be a whole number`;
    const low = option.min != null && value < option.min, high = option.max != null && value > option.max;
    if (low || high) {
      if (option.min != null && option.max != null) return `${name}: must be between ${fmt(option.min, 6)} and ${fmt(option.max, 6)}`;
      return low ? `${name}: must be at least ${fmt(option.min, 6)}` : `${name}: must be at most ${fmt(option.max, 6)}`;
    }
  } else if (option.kind === "numbers" || option.kind === "integers") {
    const [shortest, longest] = option.length || [0, Infinity];
    if (!Array.isArray(value) || value.length < shortest || value.length > longest) {
      return `${name}: must be a list of ${shortest === longest ? shortest : `${shortest} to ${longest}`} numbers`;
    }
    const scalar = { ...option, kind: option.kind === "numbers" ? "number" : "integer" };
    for (const item of value) { const why = refusal(scalar, item); if (why) return why; }
  } else if (option.kind === "choice") {
    if (!choicesOf(option).some(([v]) => v === value)) return `${name}: not one of the choices`;
  } else if (option.kind === "boolean" && typeof value !== "boolean") return `${name}: must be on or off`;
  return null;
}

function labelled(wrap, id, text) {
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = text;
  wrap.append(label);
  return label;
}

/**
 * One control for `option`, with page-unique element id `id`, showing `value`.
 * Returns { option, wrap, input, get(), set(value) }; `get()` gives the typed value (a number,
 * the choice's own value, a boolean), or NaN for a number box that does not hold a number.
 */
export function buildControl(option, id, value) {
  const kind = controlOf(option);
  const wrap = document.createElement("div");
  wrap.className = `control ${kind}`;
  wrap.dataset.option = option.name;
  const text = option.label || option.name;
  const control = { option, wrap, kind };
  if (option.help) wrap.title = option.help;

  if (kind === "slider" || kind === "number") {
    labelled(wrap, id, text);
    const input = document.createElement("input");
    Object.assign(input, { type: kind === "slider" ? "range" : "number", id });
    if (option.min != null) input.min = String(option.min);
    if (option.max != null) input.max = String(option.max);
    input.step = option.step != null ? String(option.step) : option.kind === "integer" ? "1" : "any";
    if (kind === "number") input.inputMode = option.kind === "integer" ? "numeric" : "decimal";
    wrap.append(input);
    let out = null;
    if (kind === "slider") {
      out = document.createElement("output");
      out.htmlFor = id;
      out.setAttribute("aria-live", "off"); // the slider says its value itself; no announcement per tick
      wrap.append(out);
      input.addEventListener("input", () => { out.textContent = fmt(Number(input.value), digitsOf(option)); });
    }
    control.input = input;
    control.get = () => (input.value.trim() === "" ? NaN : Number(input.value));
    control.set = (v) => { input.value = String(v); if (out) out.textContent = fmt(Number(v), digitsOf(option)); };
  } else if (kind === "select") {
    labelled(wrap, id, text);
    const select = document.createElement("select");
    select.id = id;
    const choices = choicesOf(option);
    for (const [v, label] of choices) {
      const item = document.createElement("option");
      item.value = String(v);
      item.textContent = label;
      select.append(item);
    }
    wrap.append(select);
    control.input = select;
    // The choice's own value, so it keeps its type (2 stays a number); a value not in the
    // table (only a test can make one) comes back as its raw text, for the engine to refuse.
    control.get = () => { const hit = choices.find(([c]) => String(c) === select.value); return hit ? hit[0] : select.value; };
    control.set = (v) => { select.value = String(v); };
  } else if (kind === "checkbox") {
    const input = document.createElement("input");
    Object.assign(input, { type: "checkbox", id });
    wrap.append(input);
    labelled(wrap, id, text);
    control.input = input;
    control.get = () => input.checked;
    control.set = (v) => { input.checked = Boolean(v); };
  } else {
    return null;
  }
  control.input.dataset.option = option.name;
  control.set(value);
  control.event = kind === "slider" || kind === "number" ? "input" : "change";
  return control;
}

/**
 * One slider per element of a list option (kind numbers/integers), each with the list's declared
 * min/max/step: `labels[i]` names element i. Returns the controls; `onInput(values, event)`
 * gets the whole list whenever one element moves.
 */
export function buildListSliders(parent, option, idPrefix, values, labels, onInput) {
  const scalar = { ...option, kind: option.kind === "numbers" ? "number" : "integer", control: "slider" };
  const controls = values.map((v, i) => {
    const control = buildControl({ ...scalar, name: `${option.name}.${i}`, label: labels[i] }, `${idPrefix}-${i}`, v);
    control.wrap.dataset.option = option.name;
    control.wrap.dataset.index = String(i);
    parent.append(control.wrap);
    return control;
  });
  for (const control of controls) {
    control.input.addEventListener("input", (event) => onInput(controls.map((c) => c.get()), event));
  }
  return controls;
}
