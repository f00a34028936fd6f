// Starts GOV.UK Frontend and MOJ Frontend components. Pages work without it.
import { initAll } from "/assets/govuk/govuk-frontend.min.js";

initAll();
