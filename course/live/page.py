"""The two HTML pages: the learners' join page and the instructor's dashboard.

The dashboard is one self-contained page (no files to serve, no outside
scripts): it opens ``api/stream`` (server-sent events) and redraws on each
message. Learner-supplied text (names) only ever goes in through
``textContent``, never as HTML.
"""

from __future__ import annotations

import html
import json
from urllib.parse import urlencode

HOME = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Live class view · {label}</title>
<style nonce="{nonce}">body {{font: 20px/1.5 system-ui, sans-serif; max-width: 44em;
margin: 3em auto; padding: 0 1em; color: #222}}
code {{background: #eee; padding: 2px 6px}}</style></head>
<body><h1>Live class view · {label}</h1>
<p>This is the live view of a pm-course class. Your instructor sees how the room
answers (names hidden unless you chose to give yours); nobody else's answers are shown here.</p>
<p>{how}</p></body></html>"""

HOW_CODE = (
    "To join, run this in a notebook cell, with the class code your instructor gives you: "
    '<code>course.join("{url}", "CODE")</code>'
)
HOW_HUB = "On this hub your notebooks join on their own when your instructor has set it up."


def home(label: str, hub: bool = False, url: str = "", nonce: str = "") -> str:
    """The page a learner sees at the server's address: how to join, and no answers."""
    how = HOW_HUB if hub else HOW_CODE.format(url=html.escape(url or "THIS-ADDRESS"))
    return HOME.format(label=html.escape(label), how=how, nonce=html.escape(nonce))


STYLE = """
:root {--ink: #1a1a1a; --muted: #555; --line: #d0d0d0; --card: #fff; --bg: #f2f2ef}
* {box-sizing: border-box}
body {margin: 0; font: 22px/1.35 system-ui, "Segoe UI", sans-serif; color: var(--ink);
  background: var(--bg)}
header {display: flex; flex-wrap: wrap; gap: 0.6em 1.5em; align-items: center;
  padding: 0.6em 1em; background: #1f3b5c; color: #fff}
header h1 {font-size: 1.3em; margin: 0}
header .join {font-family: ui-monospace, monospace; font-size: 0.9em; background: #fff2;
  padding: 0.15em 0.5em; border-radius: 4px}
header .spacer {flex: 1}
header button, header select {font: inherit; font-size: 0.8em; padding: 0.2em 0.6em}
#status::before {content: "●"; margin-right: 0.3em; color: #7fd67f}
#status.down::before {color: #ff8a80}
main {display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr));
  gap: 1em; padding: 1em}
main.focus {grid-template-columns: 1fr; font-size: 1.35em}
.card {background: var(--card); border: 1px solid var(--line); border-radius: 8px;
  padding: 0.7em 1em 1em}
.card .where {color: var(--muted); font-size: 0.75em}
.card h2 {font-size: 1.25em; margin: 0.1em 0 0.3em}
.card h2 button {all: unset; cursor: pointer}
.card h2 button:focus-visible {outline: 3px solid #4477aa}
.answered {font-size: 0.95em; margin: 0 0 0.5em}
.answered b {font-size: 1.6em}
.bins {display: grid; grid-template-columns: 5.2em 1fr 2.6em; gap: 0.25em 0.5em;
  align-items: center}
.bins .label {text-align: right; color: var(--muted); font-size: 0.85em}
.bins .track {background: #eee; height: 1.1em; border-radius: 3px; overflow: hidden}
.bins .bar {height: 100%}
.bins .count {font-weight: 700; font-variant-numeric: tabular-nums}
.later {color: var(--muted); font-size: 0.85em; margin: 0.4em 0 0}
h3 {font-size: 0.9em; margin: 0.8em 0 0.3em; color: var(--muted); text-transform: uppercase;
  letter-spacing: 0.04em}
ol.wrong {margin: 0; padding-left: 1.3em}
ol.wrong li {margin-bottom: 0.45em}
ol.wrong .item {font-weight: 700}
ol.wrong .how {display: block; font-size: 0.85em}
ol.wrong .how em {font-style: normal; font-weight: 700; color: #b2182b}
ol.wrong .how strong {color: #1b7837}
.who {display: flex; flex-wrap: wrap; gap: 0.2em 1.2em; font-size: 0.85em; margin: 0}
.who b {color: var(--ink)}
.empty {grid-column: 1 / -1; font-size: 1.2em; text-align: center; padding: 3em 1em;
  color: var(--muted)}
"""

SCRIPT = """
const QUERY = __QUERY__;
const COLOURS = ["#b2182b", "#ef8a62", "#b8b8b8", "#67a9cf", "#2166ac"];
const main = document.querySelector("main");
const status = document.getElementById("status");
const pick = document.getElementById("notebook");
const reveal = document.getElementById("reveal");
const back = document.getElementById("back");
let state = null, focus = null, names = false;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") node.textContent = v; else node.setAttribute(k, v);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

function card(ex) {
  const box = el("section", {class: "card", "data-exercise": ex.id});
  const title = el("button", {text: ex.title, title: focus ? "Back to all exercises" :
    "Show only this exercise, large"});
  title.onclick = () => { focus = focus ? null : ex.id; draw(); };
  box.append(el("div", {class: "where", text: ex.notebook}), el("h2", {}, title));
  const answered = el("p", {class: "answered"}, el("b", {text: String(ex.answered)}),
    " " + (ex.answered === 1 ? "learner has answered" : "learners have answered"));
  box.append(answered);
  const scored = ex.bins.reduce((sum, b) => sum + b.count, 0);
  if (scored) {
    box.append(el("h3", {text: "Scores"}));
    const bins = el("div", {class: "bins"});
    for (const b of ex.bins) {
      const bar = el("div", {class: "bar"});
      bar.style.width = (100 * b.count / scored) + "%";
      bar.style.background = COLOURS[b.tone];
      bins.append(el("span", {class: "label", text: b.label}),
        el("div", {class: "track"}, bar), el("span", {class: "count", text: String(b.count)}));
    }
    box.append(bins);
  }
  if (ex.later) box.append(el("p", {class: "later",
    text: plural(ex.later, "answer", "answers") +
      " not scored live (code, per-learner draws or no key here): graded later"}));
  if (ex.wrong.length) {
    box.append(el("h3", {text: "Most often placed wrong"}));
    const list = el("ol", {class: "wrong"});
    for (const w of ex.wrong) {
      const how = el("span", {class: "how"});
      const [verb, at] = ex.place_words;  // the type's PLACE_WORDS (course/core/types)
      how.append(w.placed_count + " of " + w.of + " " + verb + " ", el("em", {text: w.placed}),
        "; it belongs " + at + " ", el("strong", {text: w.belongs}));
      if (w.wrong > w.placed_count) how.append(" (" + w.wrong + " wrong in all)");
      list.append(el("li", {}, el("span", {class: "item", text: w.text}), how));
    }
    box.append(list);
  }
  if (names && ex.who.length) {
    box.append(el("h3", {text: "Who answered"}));
    const people = [...ex.who].sort((a, b) =>
      a.name.localeCompare(b.name, undefined, {numeric: true}));
    box.append(el("p", {class: "who"}, ...people.map(w =>
      el("span", {}, w.name + " ", el("b", {text: w.score})))));
  }
  return box;
}

function draw() {
  if (!state) return;
  document.body.dataset.seq = state.seq;
  document.getElementById("learners").textContent =
    plural(state.learners, "learner", "learners");
  const books = [...new Set(state.exercises.map(e => e.notebook))];
  const chosen = pick.value;
  pick.replaceChildren(el("option", {value: "", text: "All notebooks"}),
    ...books.map(b => el("option", {value: b, text: b})));
  pick.value = books.includes(chosen) ? chosen : "";
  let shown = state.exercises.filter(e => !pick.value || e.notebook === pick.value);
  if (focus) shown = shown.filter(e => e.id === focus);
  main.classList.toggle("focus", Boolean(focus));
  back.hidden = !focus;
  main.replaceChildren(...shown.map(card));
  if (!shown.length) main.append(el("p", {class: "empty",
    text: "No answers yet. They appear here within a second of each Check."}));
}

pick.onchange = draw;
back.onclick = () => { focus = null; draw(); };
reveal.onclick = () => {
  names = !names;
  reveal.textContent = names ? "Hide names" : "Show names";
  reveal.setAttribute("aria-pressed", String(names));
  draw();
};
document.addEventListener("keydown", e => { if (e.key === "Escape") { focus = null; draw(); } });

function connect() {
  const source = new EventSource("api/stream" + QUERY);
  source.onopen = () => { status.textContent = "live"; status.className = ""; };
  source.onmessage = msg => { state = JSON.parse(msg.data); draw(); };
  source.onerror = () => { status.textContent = "reconnecting…"; status.className = "down"; };
}
connect();
"""

DASHBOARD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Live class view · {label}</title><style nonce="{nonce}">{style}</style></head>
<body data-seq="-1">
<header><h1>Live class view · {label}</h1><span class="join">{join}</span>
<span class="spacer"></span><span id="learners">0 learners</span>
<label>Notebook <select id="notebook" aria-label="Show one notebook"></select></label>
<button id="back" hidden>All exercises</button>
<button id="reveal" aria-pressed="false">Show names</button>
<span id="status" class="down" role="status">connecting…</span></header>
<main aria-live="polite"></main>
<script nonce="{nonce}">{script}</script></body></html>"""


def dashboard(credentials: dict, label: str, join: str, nonce: str = "") -> str:
    """The instructor's dashboard page; ``credentials`` go in its stream's query string.

    That is ``{"token": …}`` with a class code; on a hub, ``{"_xsrf": …}``, which
    JupyterHub asks of a script's cookie-authenticated requests.
    """
    query = "?" + urlencode(credentials) if credentials else ""
    script = SCRIPT.replace("__QUERY__", json.dumps(query).replace("</", "<\\/"))
    return DASHBOARD.format(
        label=html.escape(label),
        join=html.escape(join),
        style=STYLE,
        script=script,
        nonce=html.escape(nonce),
    )
