// The public forms' script (core/public_base.html): starts GOV.UK Frontend, so that "Exit
// this page" works by button and by pressing Shift three times, and keeps the pages out of
// reach of the back button once the person has left by it. Leaving replaces this page in
// the tab's history, and the tab remembers that it left: if this page is shown again in
// that tab (the back button, a page restored from memory), it goes straight to the exit.
import { initAll } from "/assets/govuk/govuk-frontend.min.js";

const LEFT = "concord-left";
const HIDDEN = "govuk-exit-this-page-hide-content";
const exitUrl = document.body.dataset.exitUrl;

function leave() {
  sessionStorage.setItem(LEFT, "1");
  window.location.replace(exitUrl);
}

function leaveIfLeftBefore() {
  if (sessionStorage.getItem(LEFT)) {
    document.body.classList.add(HIDDEN);
    window.location.replace(exitUrl);
  }
}

leaveIfLeftBefore();
window.addEventListener("pageshow", leaveIfLeftBefore);

// GOV.UK Frontend hides the page before it goes to the exit: that is the moment to leave
// by replacing this page instead.
new MutationObserver(() => {
  if (document.body.classList.contains(HIDDEN)) {
    leave();
  }
}).observe(document.body, { attributes: true, attributeFilter: ["class"] });

initAll();
