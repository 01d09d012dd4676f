// Self-check quizzes: wires every <form class="quiz"> rendered by app/content/quiz.py.
//
// Everything a quiz needs is in its own HTML (data-answer, data-tolerance,
// the explanation), so it works in the static export with no server. This
// file only compares the reader's choice with the stored answer; it holds no
// mathematics. The last checked answer is kept per quiz id in localStorage
// (key "nnbook.quiz.<id>": {value, correct, tries, revealed}) and restored,
// with its feedback, on reload; the home page reads the same records.
//
// A quiz teaches rather than tells: a wrong answer says "try again" and keeps
// the explanation back (it would give the answer away); after a wrong try a
// "Show answer" button is offered. The explanation comes with a right answer
// or with the revealed one.

const STORAGE_PREFIX = "nnbook.quiz.";

// localStorage can be missing or throw (private mode, file://, quota): the
// quiz must still work, it just forgets.
const storage = {
  read(id) {
    try {
      const raw = window.localStorage.getItem(STORAGE_PREFIX + id);
      return raw ? JSON.parse(raw) : null;
    } catch {
      return null;
    }
  },
  write(id, record) {
    try {
      window.localStorage.setItem(STORAGE_PREFIX + id, JSON.stringify(record));
    } catch {
      /* not remembered; nothing else to do */
    }
  },
  clear(id) {
    try {
      window.localStorage.removeItem(STORAGE_PREFIX + id);
    } catch {
      /* ignore */
    }
  },
};

// Readers type "0,25", "−0.5" (a typographic minus) or " 1e-6 ": accept those,
// refuse anything that is not a plain number (no expressions are evaluated).
export function parseReaderNumber(text) {
  let cleaned = String(text).trim().replace(/\u2212/g, "-").replace(/\s+/g, "");
  if (cleaned.includes(",") && !cleaned.includes(".")) cleaned = cleaned.replace(",", ".");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : null;
}

function parts(form) {
  return {
    id: form.dataset.quizId,
    kind: form.dataset.quizKind,
    verdict: form.querySelector(".quiz-verdict"),
    explanation: form.querySelector(".quiz-explanation"),
    answerLine: form.querySelector(".quiz-answer"),
    showButton: form.querySelector(".quiz-show"),
    choices: Array.from(form.querySelectorAll(".quiz-choice")),
    numberInput: form.querySelector(".quiz-number input"),
  };
}

// The reader's current answer as a string ("2" for the third choice, or the
// typed text), or null when nothing is chosen.
function currentValue(form) {
  const { kind, numberInput } = parts(form);
  if (kind === "number") {
    return numberInput && numberInput.value.trim() !== "" ? numberInput.value : null;
  }
  const chosen = form.querySelector('.quiz-choices input[type="radio"]:checked');
  return chosen ? chosen.value : null;
}

function setValue(form, value) {
  const { kind, numberInput } = parts(form);
  if (kind === "number") {
    if (numberInput) numberInput.value = value;
    return;
  }
  const radio = Array.from(form.querySelectorAll('.quiz-choices input[type="radio"]')).find((r) => r.value === String(value));
  if (radio) radio.checked = true;
}

// true / false, or null when the value cannot be judged (not a number).
function isCorrect(form, value) {
  if (form.dataset.quizKind === "number") {
    const typed = parseReaderNumber(value);
    if (typed === null) return null;
    const answer = Number(form.dataset.answer);
    const tolerance = Number(form.dataset.tolerance || 0);
    return Math.abs(typed - answer) <= tolerance;
  }
  return String(value) === String(form.dataset.answer);
}

function clearFeedback(form) {
  const { verdict, explanation, answerLine, choices, numberInput } = parts(form);
  form.classList.remove("quiz--correct", "quiz--incorrect", "quiz--answered");
  if (verdict) verdict.textContent = "";
  if (explanation) explanation.hidden = true;
  if (answerLine) answerLine.hidden = true;
  const rows = numberInput ? [...choices, numberInput.closest(".quiz-number")] : choices;
  for (const row of rows) {
    if (!row) continue;
    row.classList.remove("is-chosen", "is-correct", "is-wrong", "is-answer");
    const mark = row.querySelector(".quiz-mark");
    if (mark) mark.textContent = "";
  }
  // A revealed answer stays revealed until Reset: the reader asked for it.
  if (form.dataset.revealed === "true") applyReveal(form);
}

// After a wrong try the reader may ask for the answer instead of guessing on.
function offerAnswer(form) {
  const { showButton } = parts(form);
  if (showButton && form.dataset.revealed !== "true") showButton.hidden = false;
}

function applyReveal(form) {
  const { kind, answerLine, showButton, choices, verdict } = parts(form);
  form.classList.add("quiz--revealed");
  // "Try again, or show the answer" is done with once the answer is shown.
  if (verdict && form.classList.contains("quiz--incorrect")) verdict.textContent = "✗ Not quite.";
  if (showButton) showButton.hidden = true;
  if (answerLine) answerLine.hidden = false;
  if (kind === "choice") {
    const row = choices.find((c) => c.querySelector("input").value === String(form.dataset.answer));
    if (row) {
      row.classList.add("is-answer");
      const mark = row.querySelector(".quiz-mark");
      if (mark && !row.classList.contains("is-chosen")) mark.textContent = " ← the answer";
    }
  }
  showExplanation(form);
}

export function revealAnswer(form, { remember = true } = {}) {
  form.dataset.revealed = "true";
  applyReveal(form);
  if (remember) {
    const saved = storage.read(form.dataset.quizId) || {};
    storage.write(form.dataset.quizId, { ...saved, revealed: true, checkedAt: new Date().toISOString() });
  }
}

function showExplanation(form) {
  const { explanation } = parts(form);
  if (!explanation) return;
  // Server-rendered (its math typeset on the server, like the page's); fall back to the data attribute.
  if (!explanation.innerHTML.trim() && form.dataset.explanation) explanation.innerHTML = form.dataset.explanation;
  explanation.hidden = false;
}

function showVerdict(form, value, correct) {
  const { kind, verdict, choices, numberInput } = parts(form);
  clearFeedback(form);
  form.classList.add("quiz--answered", correct ? "quiz--correct" : "quiz--incorrect");
  // Words and a symbol, never colour alone.
  verdict.textContent = correct ? "✓ Correct." : (form.dataset.revealed === "true" ? "✗ Not quite." : "✗ Not quite. Try again, or show the answer.");
  const row = kind === "number" ? numberInput.closest(".quiz-number") : choices.find((c) => c.querySelector("input").value === String(value));
  if (row) {
    row.classList.add("is-chosen", correct ? "is-correct" : "is-wrong");
    const mark = row.querySelector(".quiz-mark");
    if (mark) mark.textContent = correct ? " ✓ right" : " ✗ not this";
  }
  // The explanation would give a wrong guesser the answer: it waits for a right one or "Show answer".
  if (correct) showExplanation(form);
  else offerAnswer(form);
}

// Check the form's current answer; remember it when `remember` is true.
export function checkQuiz(form, { remember = true } = {}) {
  const { id, kind, verdict } = parts(form);
  const value = currentValue(form);
  if (value === null) {
    clearFeedback(form);
    verdict.textContent = kind === "number" ? "Type a number first." : "Choose an answer first.";
    return null;
  }
  const correct = isCorrect(form, value);
  if (correct === null) {
    clearFeedback(form);
    verdict.textContent = `“${value}” is not a number I can read; type digits, e.g. 0.25 or 1e-6.`;
    return null;
  }
  showVerdict(form, value, correct);
  if (remember) {
    const saved = storage.read(id) || {};
    const tries = (saved.tries || 0) + 1;
    storage.write(id, { value, correct, tries, revealed: saved.revealed === true, checkedAt: new Date().toISOString() });
  }
  return correct;
}

export function resetQuiz(form) {
  form.reset();
  delete form.dataset.revealed;
  form.classList.remove("quiz--revealed");
  const { showButton } = parts(form);
  if (showButton) showButton.hidden = true;
  clearFeedback(form);
  storage.clear(form.dataset.quizId);
}

function wire(form) {
  if (form.dataset.quizReady === "true") return;
  form.dataset.quizReady = "true";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    checkQuiz(form);
  });
  const reset = form.querySelector(".quiz-reset");
  if (reset) reset.addEventListener("click", () => resetQuiz(form));
  const show = form.querySelector(".quiz-show");
  if (show) show.addEventListener("click", () => revealAnswer(form));
  // A new choice makes the old verdict misleading: clear it until the next check.
  form.addEventListener("input", () => {
    if (form.classList.contains("quiz--answered")) clearFeedback(form);
  });
  const saved = storage.read(form.dataset.quizId);
  if (saved && saved.revealed === true) revealAnswer(form, { remember: false });
  if (saved && typeof saved.value === "string") {
    setValue(form, saved.value);
    // Re-judged from the page, not trusted from storage: the answer may have been corrected since.
    if (currentValue(form) !== null) checkQuiz(form, { remember: false });
  }
}

export function initQuizzes(root = document) {
  root.querySelectorAll("form.quiz").forEach(wire);
}

// Pages reached by instant navigation (navigation.js) bring their own quizzes.
document.addEventListener("nnbook:navigated", (event) => initQuizzes(event.detail.root));
initQuizzes();
