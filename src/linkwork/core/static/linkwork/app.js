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
