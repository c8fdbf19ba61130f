// glossary: small enhancements; every page works without this file.
"use strict";

// Copy buttons: <button class="copy" data-copy="text">.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button.copy");
  if (!button) return;
  const text = button.dataset.copy;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Clipboard API unavailable (e.g. plain http on another host): select a hidden field.
    const field = document.createElement("textarea");
    field.value = text;
    document.body.append(field);
    field.select();
    document.execCommand("copy");
    field.remove();
  }
  const label = button.textContent;
  button.textContent = "Copied";
  button.classList.add("copied");
  setTimeout(() => { button.textContent = label; button.classList.remove("copied"); }, 1200);
});

// Results as you type: fetch the results fragment of the same page, debounced.
const liveSearch = document.querySelector("form[data-live-search]");
if (liveSearch) {
  const input = liveSearch.querySelector("input[name=q]");
  const results = document.getElementById("results");
  let timer = null;
  let latest = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const query = input.value.trim();
      const url = new URL(liveSearch.action, location.href);
      if (query) url.searchParams.set("q", query);
      const ticket = ++latest;
      const fragment = new URL(url);
      fragment.searchParams.set("partial", "1");
      const response = await fetch(fragment, { headers: { Accept: "text/html" } });
      if (ticket !== latest || !response.ok) return;  // a newer keystroke won
      results.innerHTML = await response.text();
      history.replaceState(null, "", url);
      // Forms that come back to this page (the script switch) come back to this query.
      const here = location.pathname + location.search;
      document.querySelectorAll("input[name=next]").forEach((field) => { field.value = here; });
    }, 200);
  });
}

document.documentElement.classList.add("js");

// Term tips on the annotate page. Each .hit holds a focusable mark and its .tip;
// a tip opens on hover (mouse), focus or a tap, sits under the line the pointer
// or the caret is on (a term broken across lines has several), and closes with
// its × button, Escape, a tap elsewhere or when the pointer leaves.
const annotated = document.querySelector(".annotated");

function placeTip(hit, x, y) {
  const tip = hit.querySelector(".tip");
  const mark = hit.querySelector("mark");
  const box = annotated.getBoundingClientRect();
  const rects = Array.from(mark.getClientRects());
  let line = rects[0];
  if (x !== undefined) {
    line = rects.find((r) => y >= r.top && y <= r.bottom && x >= r.left - 2 && x <= r.right + 2) || line;
  }
  tip.classList.add("placed");
  const width = Math.min(tip.offsetWidth || 300, box.width);
  const left = Math.max(0, Math.min(line.left - box.left, box.width - width));
  tip.style.left = `${left}px`;
  tip.style.top = `${line.bottom - box.top + 4}px`;
}

function closeTip(hit, refocus) {
  if (!hit || !hit.classList.contains("open")) return;
  hit.classList.remove("open", "pinned");
  const mark = hit.querySelector("mark");
  mark.setAttribute("aria-expanded", "false");
  if (refocus) {
    // Back on the mark without opening the tip again; leaving the mark re-arms it.
    hit.classList.add("dismissed");
    mark.focus({ preventScroll: true });
  }
}

function openTip(hit, x, y, pinned) {
  document.querySelectorAll(".hit.open").forEach((other) => { if (other !== hit) closeTip(other); });
  hit.classList.add("open");
  if (pinned) hit.classList.add("pinned");
  hit.querySelector("mark").setAttribute("aria-expanded", "true");
  placeTip(hit, x, y);
}

if (annotated) {
  annotated.addEventListener("pointerover", (event) => {
    const mark = event.target.closest(".hit > mark");
    if (mark && event.pointerType === "mouse" && !mark.parentElement.classList.contains("dismissed")) {
      openTip(mark.parentElement, event.clientX, event.clientY, false);
    }
  });
  annotated.addEventListener("pointerout", (event) => {
    const hit = event.target.closest(".hit");
    if (!hit || hit.classList.contains("pinned") || event.pointerType !== "mouse") return;
    if (!hit.contains(event.relatedTarget) && !hit.contains(document.activeElement)) closeTip(hit);
  });
  annotated.addEventListener("click", (event) => {
    const close = event.target.closest(".tip-close");
    if (close) { closeTip(close.closest(".hit"), true); return; }
    // A tap may land on the .hit around the mark (its line box) rather than the mark.
    const hit = event.target.closest(".hit");
    if (!hit || event.target.closest(".tip")) return;
    if (hit.classList.contains("pinned")) closeTip(hit);
    else openTip(hit, event.clientX, event.clientY, true);
  });
  annotated.addEventListener("focusin", (event) => {
    const mark = event.target.closest(".hit > mark");
    const hit = mark && mark.parentElement;
    if (hit && !hit.classList.contains("open") && !hit.classList.contains("dismissed")) openTip(hit);
  });
  annotated.addEventListener("focusout", (event) => {
    const hit = event.target.closest(".hit");
    if (!hit || hit.contains(event.relatedTarget)) return;
    hit.classList.remove("dismissed");
    if (!hit.classList.contains("pinned")) closeTip(hit);
  });
  annotated.addEventListener("keydown", (event) => {
    // The mark is a button: Enter or Space pins its tip open, or closes it.
    const mark = event.target.closest(".hit > mark");
    if (!mark || (event.key !== "Enter" && event.key !== " ")) return;
    event.preventDefault();
    const hit = mark.parentElement;
    if (hit.classList.contains("open")) closeTip(hit, true);
    else { hit.classList.remove("dismissed"); openTip(hit, undefined, undefined, true); }
  });
  document.addEventListener("click", (event) => {
    if (!event.target.closest(".hit")) document.querySelectorAll(".hit.open").forEach((hit) => closeTip(hit));
  });
  // The script is deferred: a mark focused or pointed at before it ran sent its event
  // to nobody, and the "js" class now hides the CSS-only tip, so open that tip here.
  const focused = document.activeElement && document.activeElement.closest(".hit > mark");
  const early = focused || annotated.querySelector(".hit > mark:hover");
  if (early && annotated.contains(early)) openTip(early.parentElement);
}

// Keyboard shortcuts (listed on /help): "/" search, j/k or arrows through results,
// Enter opens, "?" help, Ctrl+Enter submits the form of the box being typed in.
function typing(target) {
  return target.closest("input, textarea, select, [contenteditable]") !== null;
}

function moveThroughResults(step) {
  const links = Array.from(document.querySelectorAll("#result-list .result .zh-forms"));
  if (!links.length) return false;
  const at = links.indexOf(document.activeElement);
  const next = links[Math.max(0, Math.min(links.length - 1, at < 0 ? 0 : at + step))];
  document.querySelectorAll("#result-list .result.current").forEach((r) => r.classList.remove("current"));
  next.closest(".result").classList.add("current");
  next.focus();
  return true;
}

document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    const form = event.target.closest && event.target.closest("form");
    if (form && typing(event.target)) {
      event.preventDefault();
      form.requestSubmit();
    }
    return;
  }
  if (event.key === "Escape") {
    document.querySelectorAll(".hit.open").forEach((hit) => {
      const inside = hit.contains(document.activeElement);
      closeTip(hit, inside);
      if (!inside) hit.addEventListener("pointerleave", () => hit.classList.remove("dismissed"), { once: true });
    });
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const inBox = typing(event.target);
  if (event.key === "ArrowDown" && event.target.id === "q" && moveThroughResults(0)) {
    event.preventDefault();
    return;
  }
  if (inBox) return;
  if (event.key === "/") {
    event.preventDefault();
    const box = document.getElementById("q");
    if (box && box.type === "search") { box.focus(); box.select(); }
    else location.href = document.body.dataset.searchUrl;
  } else if (event.key === "?") {
    location.href = document.body.dataset.helpUrl;
  } else if ((event.key === "j" || event.key === "ArrowDown") && moveThroughResults(1)) {
    event.preventDefault();
  } else if ((event.key === "k" || event.key === "ArrowUp") && moveThroughResults(-1)) {
    event.preventDefault();
  }
});

// "Add a term" on the edit form: a new row from the template, without a round trip.
document.addEventListener("click", (event) => {
  const add = event.target.closest("[data-add-term]");
  if (!add) return;
  const template = document.getElementById("term-row-template");
  const rows = document.getElementById("term-rows");
  if (!template || !rows) return;
  event.preventDefault();
  const index = rows.querySelectorAll("[data-term-row]").length;
  const html = template.innerHTML.replaceAll("__i__", String(index));
  rows.insertAdjacentHTML("beforeend", html);
  const row = rows.lastElementChild;
  const legend = row.querySelector("legend");
  if (legend) legend.textContent = `Term ${index + 1}`;
  row.querySelector("select, input").focus();
});
