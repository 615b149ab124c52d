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
