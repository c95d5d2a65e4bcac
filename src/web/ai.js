// Hartslag: follow an AI request as it streams. Without this script the form posts normally
// and the page returns with the whole text.
"use strict";
document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form[data-ai]");
  if (!form) return;
  const live = document.getElementById(form.dataset.ai);
  if (!live || !window.EventSource || !window.fetch) return;
  event.preventDefault();
  const button = form.querySelector("button[type=submit]");
  if (button) button.disabled = true;
  let response;
  try {
    response = await fetch(form.action, {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { "X-Hartslag-Async": "1" },
      credentials: "same-origin",
    });
  } catch (e) {
    form.submit();
    return;
  }
  if (response.status !== 202) {
    // An error page: show its message here.
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const main = page.querySelector("main");
    live.hidden = false;
    live.textContent = "";
    if (main) live.append(...main.childNodes);
    if (button) button.disabled = false;
    return;
  }
  const { events, cancel } = await response.json();
  live.hidden = false;
  live.textContent = "";
  const label = document.createElement("p");
  label.className = "ai-label";
  label.textContent = live.dataset.label;
  const status = document.createElement("p");
  status.className = "hint";
  status.setAttribute("role", "status");
  const text = document.createElement("div");
  const stop = document.createElement("button");
  stop.type = "button";
  stop.className = "secondary";
  stop.textContent = live.dataset.stop;
  stop.addEventListener("click", () => {
    const body = new URLSearchParams({ csrf: form.dataset.aiCsrf });
    fetch(cancel, { method: "POST", body, headers: { "X-Hartslag-Async": "1" }, credentials: "same-origin" });
    stop.disabled = true;
  });
  live.append(label, status, text, stop);
  const source = new EventSource(events);
  source.onmessage = (message) => {
    const state = JSON.parse(message.data);
    status.textContent = state.done
      ? (state.status === "cancelled" ? live.dataset.stopped : "")
      : (state.position > 0 ? live.dataset.waiting.replace("#", state.position) : live.dataset.writing);
    text.textContent = "";
    for (const [field, value] of state.fields) {
      const quote = document.createElement("blockquote");
      quote.dataset.field = field;
      quote.textContent = value;
      text.append(quote);
    }
    if (state.done) {
      source.close();
      // The stored texts with their provenance.
      window.location.reload();
    }
  };
  source.onerror = () => {
    source.close();
    window.location.reload();
  };
});
