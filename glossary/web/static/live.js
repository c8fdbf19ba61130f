// glossary live prompter: the prompter screen (/live/<id>) and the feed page (/live/<id>/feed).
"use strict";

(() => {
  const THEME_KEY = "glossary.theme";
  const SCRIPT_KEY = "glossary.script";

  const prompterMain = document.querySelector("body.prompter main[data-stream]");
  if (prompterMain) prompter(prompterMain);
  const feedForm = document.getElementById("feed-form");
  if (feedForm) feeder(feedForm);

  function prompter(main) {
    const list = document.getElementById("prompts");
    const template = document.getElementById("prompt-template");
    const status = document.getElementById("status");
    const empty = document.getElementById("empty");
    const committedView = main.querySelector(".transcript .committed");
    const tailView = main.querySelector(".transcript .tail");
    const chineseSource = main.dataset.sourceLang.startsWith("zh");
    // Provisional hits on screen, by the number of the event that announced them.
    const provisional = new Map();
    let committed = "";

    setupDisplayControls();

    const source = new EventSource(main.dataset.stream);
    source.addEventListener("open", () => { status.textContent = "Live"; });
    source.addEventListener("error", () => {
      if (source.readyState !== EventSource.CLOSED) status.textContent = "Reconnecting…";
    });
    source.addEventListener("transcript", (e) => {
      const data = JSON.parse(e.data);
      committed += data.appended;
      // The last words only: the terms are what matters on this screen.
      const shown = committed.slice(-120);
      if (committedView.textContent !== shown) committedView.textContent = shown;
      if (tailView.textContent !== data.tail) tailView.textContent = data.tail;
    });
    for (const kind of ["term", "number"]) {
      source.addEventListener(kind, (e) => {
        const data = JSON.parse(e.data);
        const existing = data.replaces !== undefined ? provisional.get(data.replaces) : null;
        if (existing) {
          // The provisional hit settled: the same element, updated in place (no flicker).
          provisional.delete(data.replaces);
          fill(existing, kind, data, e.lastEventId, false);
        } else {
          add(kind, data, e.lastEventId, false);
        }
      });
    }
    source.addEventListener("provisional", (e) => {
      const data = JSON.parse(e.data);
      provisional.set(Number(e.lastEventId), add(data.kind, data, e.lastEventId, true));
    });
    source.addEventListener("withdraw", (e) => {
      const data = JSON.parse(e.data);
      const item = provisional.get(data.withdraws);
      if (item) {
        provisional.delete(data.withdraws);
        item.remove();
      }
      empty.hidden = list.children.length > 0;
    });
    source.addEventListener("end", () => {
      source.close();
      status.textContent = "Ended";
      tailView.textContent = "";
    });

    function add(kind, data, eventId, tentative) {
      const item = template.content.firstElementChild.cloneNode(true);
      fill(item, kind, data, eventId, tentative);
      if (kind === "term") {
        // The newest term shows its background note; the others on N.
        for (const old of list.querySelectorAll(".newest")) old.classList.remove("newest");
        item.classList.add("newest");
      }
      list.prepend(item);
      empty.hidden = true;
      return item;
    }

    function fill(item, kind, data, eventId, tentative) {
      item.id = `event-${eventId}`;
      const newest = item.classList.contains("newest") ? " newest" : "";
      item.className = `prompt ${kind}${tentative ? " provisional" : ""}${newest}`;
      item.dataset.start = data.start;
      item.dataset.end = data.end;
      const spoken = data.text.replace(/\s*\n\s*/g, "");
      const hant = item.querySelector(".hant");
      const hans = item.querySelector(".hans");
      const plain = item.querySelector(".spoken");
      // The words as said, in the reader's script; the preferred term beside them if it differs.
      const written = (chineseSource && data.written) || {};
      const preferredZh = (kind === "term" && data.zh) || {};
      for (const [element, tag] of [[hant, "zh-Hant"], [hans, "zh-Hans"]]) {
        const said = written[tag] || (chineseSource ? spoken : "");
        const better = preferredZh[tag] && preferredZh[tag] !== said ? preferredZh[tag] : "";
        setText(element, said);
        element.dataset.preferred = better;
        element.title = better ? `preferred: ${better}` : "";
      }
      setText(plain, chineseSource ? "" : spoken);
      const rendering = item.querySelector(".rendering");
      if (kind === "number") {
        setText(rendering, data.english || "");
        rendering.lang = "en";
      } else if (data.preferred) {
        setText(rendering, data.preferred.text);
        rendering.lang = data.preferred.lang;
      } else {
        setText(rendering, "—");
      }
      const others = item.querySelector(".others");
      others.replaceChildren();
      for (const t of data.admitted || []) others.append(span("admitted", t));
      for (const t of [...(data.deprecated || []), ...(data.forbidden || [])]) {
        others.append(span("avoid", t, "del"));
      }
      const note = item.querySelector(".note");
      setText(note, data.note ? data.note.text : "");
      if (data.note) note.lang = data.note.lang;
      note.hidden = !data.note;
    }

    function span(kind, term, tag = "span") {
      const element = document.createElement(tag);
      element.className = kind;
      element.lang = term.lang;
      element.textContent = term.text;
      return element;
    }
  }

  function setText(element, text) {
    if (element.textContent !== text) element.textContent = text;
  }

  function setupDisplayControls() {
    const root = document.documentElement;
    const body = document.body;
    const storedTheme = localStorage.getItem(THEME_KEY);
    if (storedTheme) root.dataset.theme = storedTheme;
    const storedScript = localStorage.getItem(SCRIPT_KEY);
    if (storedScript) body.dataset.script = storedScript;
    const themeButton = document.getElementById("theme-toggle");
    const notesButton = document.getElementById("notes-toggle");
    const scriptButtons = document.querySelectorAll("[data-script-choice]");
    const dark = () => root.dataset.theme === "dark" ||
      (!root.dataset.theme && matchMedia("(prefers-color-scheme: dark)").matches);
    const show = () => {
      themeButton.setAttribute("aria-pressed", String(dark()));
      notesButton.setAttribute("aria-pressed", String(body.classList.contains("show-notes")));
      for (const b of scriptButtons) {
        b.setAttribute("aria-pressed", String(b.dataset.scriptChoice === body.dataset.script));
      }
    };
    const toggleTheme = () => {
      root.dataset.theme = dark() ? "light" : "dark";
      localStorage.setItem(THEME_KEY, root.dataset.theme);
      show();
    };
    const toggleNotes = () => { body.classList.toggle("show-notes"); show(); };
    themeButton.addEventListener("click", toggleTheme);
    notesButton.addEventListener("click", toggleNotes);
    for (const b of scriptButtons) {
      b.addEventListener("click", () => {
        body.dataset.script = b.dataset.scriptChoice;
        localStorage.setItem(SCRIPT_KEY, body.dataset.script);
        // The rest of the site reads the same choice from its cookie.
        document.cookie = `script=${body.dataset.script}; path=/; max-age=31536000; samesite=lax`;
        show();
      });
    }
    document.addEventListener("keydown", (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.target.closest("input, textarea, select")) return;
      if (e.key === "n" || e.key === "N") toggleNotes();
      if (e.key === "d" || e.key === "D") toggleTheme();
    });
    matchMedia("(prefers-color-scheme: dark)").addEventListener("change", show);
    show();
  }

  function feeder(form) {
    const box = form.querySelector("textarea");
    const status = document.getElementById("feed-status");
    let queue = Promise.resolve();
    let lastProvisional = "";
    let timer = null;

    // One request at a time, in order: a late provisional must not follow its commit.
    const send = (text, final) => {
      queue = queue.then(async () => {
        const body = new FormData(form);
        body.set("text", text);
        body.set("final", final ? "1" : "0");
        try {
          const response = await fetch(form.action, {
            method: "POST", body, headers: { Accept: "application/json" },
          });
          if (!response.ok) {
            const problem = await response.json().catch(() => ({}));
            status.textContent = `Not sent: ${problem.detail || response.statusText}`;
            return;
          }
          const answer = await response.json();
          status.textContent = final ? `Sent (chunk ${answer.chunk}).` : "";
        } catch {
          status.textContent = "Not sent: the server cannot be reached.";
        }
      });
      return queue;
    };
    const commit = () => {
      clearTimeout(timer);
      const text = box.value;
      if (!text) return;
      box.value = "";
      lastProvisional = "";
      send(text, true);
    };
    box.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (box.value && box.value !== lastProvisional) {
          lastProvisional = box.value;
          send(box.value, false);
        }
      }, 250);
    });
    box.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        commit();
      }
    });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (e.submitter && e.submitter.value === "0") {
        lastProvisional = box.value;
        send(box.value, false);
      } else {
        commit();
      }
    });
  }
})();
