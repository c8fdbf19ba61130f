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

// Term tips on the annotate page: Escape hides the tip under the pointer or focus.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  document.querySelectorAll(".hit:hover, .hit:focus-within").forEach((hit) => {
    hit.classList.add("dismissed");
    const clear = () => hit.classList.remove("dismissed");
    hit.addEventListener("mouseleave", clear, { once: true });
    hit.addEventListener("focusout", clear, { once: true });
  });
});
