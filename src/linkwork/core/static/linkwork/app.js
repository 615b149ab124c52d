// NHS.UK frontend behaviour (header menu, error summary focus, password reveal...).
import { initAll } from "../vendor/nhsuk/nhsuk-frontend.min.js";

initAll();

// A link or form that htmx boosts (My day's caseload) asks for a page. When the server
// answers with an error, or nothing comes back, load that page whole, so its error page
// says what went wrong as it does without JavaScript; htmx alone would swap nothing and say
// nothing, and the Filter button would seem to do nothing.
for (const failure of ["htmx:responseError", "htmx:sendError"]) {
  document.addEventListener(failure, (event) => {
    const { boosted, requestConfig, pathInfo } = event.detail;
    if (boosted && requestConfig.verb === "get") {
      window.location.assign(pathInfo.finalRequestPath);
    }
  });
}

// A live region that announces what an in-place request brought (data-announces: the id of
// the element it fills) is emptied as the request leaves. A screen reader may say nothing
// when the same words arrive again (VoiceOver does: filtering twice to the same count), and
// emptied first, the answer's words are always new to it.
document.addEventListener("htmx:beforeRequest", (event) => {
  const target = event.detail.target?.id;
  for (const region of document.querySelectorAll("[data-announces]")) {
    if (region.dataset.announces === target) region.textContent = "";
  }
});

// htmx puts focus back on the element that had it, found again by its id (the caseload's
// Filter button). Safari does not focus a button that is clicked, so there nothing had it
// and focus fell to the page: the button that sent the form takes it as the request leaves.
document.addEventListener("htmx:beforeRequest", (event) => {
  const submitter = event.detail.requestConfig?.triggeringEvent?.submitter;
  const unfocused = !document.activeElement || document.activeElement === document.body;
  if (submitter?.id && unfocused) submitter.focus({ preventScroll: true });
});

// Content swapped in for the element that had focus (My day's Record link becomes the
// session's form) takes the focus, on its first field, when htmx found nothing to put it
// back on: else focus falls to the page, and Tab goes on past the new form.
let focusSwappedAway = false;
document.addEventListener("htmx:beforeSwap", (event) => {
  focusSwappedAway = event.detail.target?.contains(document.activeElement) ?? false;
});
document.addEventListener("htmx:load", (event) => {
  const lost = !document.activeElement || document.activeElement === document.body;
  if (!focusSwappedAway || !lost) return;
  const field = event.target.querySelector?.("input:not([type=hidden]), select, textarea, button");
  if (field) {
    focusSwappedAway = false;
    field.focus();
  }
});

// The time-out warning (core/jinja2/_timeout.jinja, WCAG 2.2.1): the session ends after a
// while with no request, and a person typing a long note makes none. Shortly before, a
// dialog offers one button that keeps the session; after, it says what happened and that
// what was typed is still on the page. Activity in any tab of the service counts: each
// tab tells the others through a BroadcastChannel (nothing is stored in the browser).
// Polling is not activity, as on the server (core/middleware.py: idle_session_middleware).
const tabs = "BroadcastChannel" in window ? new BroadcastChannel("linkwork") : null;
const timeout = document.getElementById("timeout-warning");
if (timeout) {
  const idle = Number(timeout.dataset.idleSeconds) * 1000;
  const warn = Number(timeout.dataset.warnSeconds) * 1000;
  const warning = timeout.querySelector(".lw-timeout__warning");
  const ended = timeout.querySelector(".lw-timeout__ended");
  const left = timeout.querySelector("[data-timeout-left]");
  let lastActive = Date.now();
  let state = "quiet";
  const active = () => {
    lastActive = Date.now();
    tabs?.postMessage({ active: lastActive });
  };
  tabs?.addEventListener("message", (event) => {
    lastActive = Math.max(lastActive, Number(event.data?.active) || 0);
  });
  const inWords = (ms) => {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    if (seconds > 90) return `${Math.ceil(seconds / 60)} minutes`;
    return seconds === 1 ? "1 second" : `${seconds} seconds`;
  };
  const show = (part, hidden) => {
    part.hidden = false;
    hidden.hidden = true;
    if (!timeout.open) timeout.showModal();
    part.querySelector("button").focus();
  };
  const tick = () => {
    const idleFor = Date.now() - lastActive;
    if (state === "ended") return;
    if (idleFor >= idle) {
      state = "ended";
      show(ended, warning);
    } else if (idleFor >= idle - warn) {
      left.textContent = inWords(idle - idleFor);
      if (state !== "warning") {
        state = "warning";
        show(warning, ended);
      }
    } else if (state === "warning") {
      state = "quiet"; // another tab kept the session
      timeout.close();
    }
  };
  active();
  setInterval(tick, 5000);
  document.addEventListener("htmx:afterRequest", (event) => {
    if (!event.detail.requestConfig?.headers?.["X-Linkwork-Poll"]) active();
  });
  warning.addEventListener("submit", async (event) => {
    event.preventDefault();
    let kept = false;
    try {
      const answer = await fetch(warning.action, { method: "POST", body: new FormData(warning) });
      kept = answer.status === 204; // signed out already: the sign-in page comes back
    } catch {
      kept = false;
    }
    if (kept) {
      active();
      state = "quiet";
      timeout.close();
    } else {
      state = "ended";
      show(ended, warning);
    }
  });
  // Escape on the warning means "stay", as the button does; the notice after just closes.
  timeout.addEventListener("cancel", (event) => {
    if (state === "warning") {
      event.preventDefault();
      warning.requestSubmit();
    }
  });
  ended.querySelector("[data-timeout-close]").addEventListener("click", () => timeout.close());
}

// The tablet handed to the person (outcomes/handover.py) locks every new request to the
// questionnaire, but a case page already open in another tab of the same browser is still
// on screen: it is emptied, with a note, as the hand-over begins (decision 0021).
if (document.querySelector("[data-handed-over]")) {
  tabs?.postMessage({ handedOver: true });
} else {
  tabs?.addEventListener("message", (event) => {
    if (!event.data?.handedOver) return;
    const note = document.createElement("main");
    note.className = "nhsuk-width-container nhsuk-u-padding-top-5";
    const words = document.createElement("p");
    words.textContent =
      "This page is hidden while the tablet is with the person answering a questionnaire. " +
      "Take the tablet back, then reload this page.";
    note.append(words);
    document.body.replaceChildren(note);
    document.title = "Hidden while the tablet is handed over";
  });
}
