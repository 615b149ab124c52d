// NHS.UK frontend behaviour (header menu, error summary focus, password reveal...).
import { initAll } from "../vendor/nhsuk/nhsuk-frontend.min.js";

initAll();
