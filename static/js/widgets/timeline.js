// The history timeline (chapter 1): the milestones of the chapter's table on a line from 1943
// to 2017, the two AI winters shaded, the year cursor and the latest milestone before it. The
// events come from the table in content/01-history.md through the first frame (parsed at build,
// engine/book_numbers/history_timeline.py); this file draws them and sends them back unchanged.
import { Plot, COLORS } from "../draw.js";
import { el, canvas, liveLine } from "../draw-figure.js";
import { pageHref } from "../site.js";

const LANE = 18; // px between marker rows

function view(ctx, values = ctx.values) {
  return { call: "view", args: { ...values, events: ctx.result.events } };
}

export default {
  setup(ctx) {
    const layout = el("div", "widget-layout");
    const drawing = el("div");
    const c = canvas("wide timeline-canvas");
    c.style.aspectRatio = "5 / 2";
    const detail = liveLine("timeline-detail");
    drawing.append(c, detail);
    layout.append(drawing, ctx.controls);
    const list = el("ol", "timeline-list");
    const details = el("details", "timeline-events");
    details.append(el("summary", "", "Every milestone, with where the book teaches it"), list);
    ctx.body.append(layout, details);
    const plot = new Plot(c, ctx.result.range.concat([0, 1]), { padding: 16 });
    ctx.parts = { c, plot, detail, list, marks: [] };
    c.addEventListener("click", (event) => {
      const rect = c.getBoundingClientRect();
      const x = event.clientX - rect.left, y = event.clientY - rect.top;
      let best = null, dist = 12;
      for (const m of ctx.parts.marks) {
        const d = Math.hypot(m.x - x, m.y - y);
        if (d < dist) { best = m; dist = d; }
      }
      if (best) ctx.setValue("year", best.year, event);
    });
  },

  request: (ctx) => view(ctx),
  fromUrl: (ctx, values) => view(ctx, values),

  resize(ctx) { ctx.parts.plot.resize(); this.draw(ctx, ctx.result); },

  draw(ctx, r) {
    const p = ctx.parts;
    const plot = p.plot;
    plot.box = r.range.concat([0, 1]);
    plot.clear();
    const c = plot.ctx;
    const top = 24, axis = plot.height - 24;
    c.font = "11px system-ui, sans-serif";
    r.winters.forEach((w, i) => {
      const x0 = plot.px(w.start), x1 = plot.px(w.end);
      c.fillStyle = "rgba(120,150,200,0.22)";
      c.fillRect(x0, top - 6, x1 - x0, axis - top + 6);
      c.fillStyle = COLORS.one;
      c.textAlign = "center";
      // The two names one line apart: on a phone the bands are closer together than the names are long.
      c.fillText(i === 0 ? "1st winter" : "2nd winter", (x0 + x1) / 2, top - 9 + 13 * (i % 2));
    });
    c.strokeStyle = COLORS.muted;
    c.lineWidth = 1;
    c.beginPath(); c.moveTo(plot.px(r.range[0]), axis); c.lineTo(plot.px(r.range[1]), axis); c.stroke();
    c.fillStyle = COLORS.muted;
    c.textAlign = "center";
    for (const t of r.ticks) {
      c.beginPath(); c.moveTo(plot.px(t), axis); c.lineTo(plot.px(t), axis + 4); c.stroke();
      c.fillText(String(t), plot.px(t), axis + 16);
    }
    c.textAlign = "start";
    const x = plot.px(r.year);
    c.strokeStyle = COLORS.highlight;
    c.lineWidth = 2;
    c.beginPath(); c.moveTo(x, top - 6); c.lineTo(x, axis); c.stroke();
    const lane = Math.min(LANE, (axis - top - 10) / Math.max(1, r.lanes));
    p.marks = r.milestones.map((e) => {
      const y = axis - 10 - e.lane * lane;
      const chosen = e.index === r.selected;
      plot.ctx.beginPath();
      plot.ctx.arc(plot.px(e.year), y, chosen ? 7 : 5, 0, 2 * Math.PI);
      plot.ctx.fillStyle = chosen ? COLORS.zero : e.href ? COLORS.one : COLORS.muted;
      plot.ctx.fill();
      plot.ctx.strokeStyle = COLORS.paper;
      plot.ctx.lineWidth = 1.5;
      plot.ctx.stroke();
      return { x: plot.px(e.year), y, year: e.year };
    });
    p.c.setAttribute("aria-label", r.description);
    const chosen = r.events[r.selected];
    const detailKey = chosen ? `event ${r.selected}` : `none ${r.year}`;
    if (p.detailKey !== detailKey) { // the same milestone as before: its text stands
      p.detailKey = detailKey;
      p.detail.replaceChildren();
      if (chosen) {
        p.detail.append(el("strong", "", `${chosen.year}: ${chosen.title}. `), `${chosen.why}. `);
        if (chosen.href) {
          const a = el("a", "", chosen.href.startsWith("/chapters/history") ? "Read it in this chapter →" : `Where the book teaches it: ${chosen.where} →`);
          a.href = pageHref(chosen.href); // the engine names book paths; a published copy may live under a sub-path
          p.detail.append(a);
        }
      } else p.detail.textContent = `No milestone shown is dated ${r.year} or earlier.`;
    }
    // The list changes only with the milestones shown; moving the year just moves the "selected" mark.
    const listKey = r.milestones.map((e) => e.index).join(",");
    if (p.listKey !== listKey) {
      p.listKey = listKey;
      p.list.replaceChildren(...r.milestones.map((e) => {
        const li = el("li");
        li.dataset.year = String(e.year);
        li.dataset.index = String(e.index);
        li.append(`${e.year} — ${e.title} `);
        if (e.href) { const a = el("a", "", `(${e.where})`); a.href = pageHref(e.href); li.append(a); }
        return li;
      }));
    }
    for (const li of p.list.children) li.classList.toggle("selected", Number(li.dataset.index) === r.selected);
  },
};
