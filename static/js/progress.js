// Reading progress, kept in this browser only (localStorage; nothing is sent).
// A chapter page records that it was opened ("nnbook.opened" = {slug: ISO
// date}); the home page shows, per chapter, whether it was opened and the
// score of its quizzes, read from the records quiz.js keeps per quiz
// ("nnbook.quiz.<id>" = {value, correct, tries, revealed}). An answer that
// was revealed with "Show answer" does not count as right.
const OPENED = "nnbook.opened";

function read(key) {
  try {
    return JSON.parse(window.localStorage.getItem(key));
  } catch {
    return null; // missing storage or a damaged record: show no progress rather than fail
  }
}

export function recordOpened(root = document) {
  const main = root.querySelector("main[data-chapter]");
  if (!main) return;
  const opened = read(OPENED) || {};
  opened[main.dataset.chapter] = new Date().toISOString();
  try {
    window.localStorage.setItem(OPENED, JSON.stringify(opened));
  } catch {
    /* not remembered */
  }
}

/** The words the home page shows for one chapter, e.g. "✓ Opened · Quiz: 2 of 4 right". */
export function progressWords(opened, quizIds, records) {
  const words = [];
  if (opened) words.push("✓ Opened");
  const answered = records.filter(Boolean);
  if (answered.length) {
    const right = answered.filter((r) => r.correct === true && r.revealed !== true).length;
    words.push(`Quiz: ${right} of ${quizIds.length} right`);
  }
  return words.join(" · ");
}

export function showProgress(root = document) {
  const items = root.querySelectorAll("[data-progress-for]");
  if (!items.length) return;
  const opened = read(OPENED) || {};
  for (const item of items) {
    const slug = item.dataset.progressFor;
    const ids = (item.dataset.quizzes || "").split(" ").filter(Boolean);
    const words = progressWords(Boolean(opened[slug]), ids, ids.map((id) => read("nnbook.quiz." + id)));
    const out = item.querySelector(".chapter-progress");
    if (out) out.textContent = words;
    item.classList.toggle("is-opened", Boolean(opened[slug]));
  }
}

function update(root) {
  recordOpened(root);
  showProgress(root);
}

// Pages reached by instant navigation (navigation.js) arrive as a new body.
document.addEventListener("nnbook:navigated", (event) => update(event.detail.root || document));
update(document);
