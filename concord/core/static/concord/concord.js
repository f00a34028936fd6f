// Starts GOV.UK Frontend and MOJ Frontend components, the timeout warning and form drafts.
// Pages work without it.
import { initAll } from "/assets/govuk/govuk-frontend.min.js";

initAll();

// Sent with the script's own requests to the server: asking is not the user's activity.
const POLL = { "Concord-Poll": "1" };
const DRAFT_EVERY_MS = 20000;
const LAST_DRAFT_BEFORE_MS = 5000;

// For requests nobody waits on: one that fails (the page is being left, the network is
// down) is tried again at the next turn.
function quietly(promise) {
  promise.catch(() => {});
}

function csrfToken(dialog) {
  return dialog.querySelector("input[name=csrfmiddlewaretoken]").value;
}

// What the server answered, as JSON, or null when the session has ended: the server answers
// the page's own questions with no content then.
async function answer(response) {
  const type = response.headers.get("Content-Type") || "";
  if (response.status === 204 || response.redirected || !type.includes("application/json")) {
    return null;
  }
  return response.json();
}

function draftableForm() {
  return Array.from(document.querySelectorAll("main form")).find(
    (form) => form.method === "post" && form.querySelector("textarea") && !form.hasAttribute("data-concord-no-draft"),
  );
}

function formFields(form) {
  const fields = {};
  for (const element of form.elements) {
    if (!element.name || element.disabled || ["file", "password", "hidden", "submit", "button"].includes(element.type)) {
      continue;
    }
    let values;
    if (element.type === "checkbox" || element.type === "radio") {
      values = element.checked ? [element.value] : [];
    } else if (element.tagName === "SELECT") {
      values = Array.from(element.selectedOptions, (option) => option.value);
    } else {
      values = [element.value];
    }
    fields[element.name] = (fields[element.name] || []).concat(values);
  }
  return fields;
}

function fillForm(form, fields) {
  const seen = {};
  for (const element of form.elements) {
    const values = fields[element.name];
    if (!values || ["file", "password", "hidden", "submit", "button"].includes(element.type)) {
      continue;
    }
    if (element.type === "checkbox" || element.type === "radio") {
      element.checked = values.includes(element.value);
    } else if (element.tagName === "SELECT") {
      for (const option of element.options) {
        option.selected = values.includes(option.value);
      }
    } else {
      const index = seen[element.name] || 0;
      element.value = values[index] ?? "";
      seen[element.name] = index + 1;
    }
  }
}

// Keeps a draft of the page's form with free text on the server, and puts it back when the
// page opens again (after an idle sign-out and signing in again, the same page opens).
function startDrafts(dialog) {
  const form = draftableForm();
  if (!form) {
    return { save: async () => {} };
  }
  const url = dialog.dataset.draftUrl;
  const path = window.location.pathname;
  let changed = false;
  form.addEventListener("input", () => (changed = true));
  form.addEventListener("change", () => (changed = true));

  async function save() {
    if (!changed) {
      return;
    }
    changed = false;
    const response = await fetch(url, {
      method: "POST",
      headers: { ...POLL, "Content-Type": "application/json", "X-CSRFToken": csrfToken(dialog) },
      body: JSON.stringify({ path, fields: formFields(form) }),
      credentials: "same-origin",
    });
    if (!response.ok) {
      changed = true;
    }
  }

  async function restore() {
    const response = await fetch(`${url}?${new URLSearchParams({ path })}`, { headers: POLL, credentials: "same-origin" });
    if (response.status !== 200) {
      return;
    }
    const draft = await answer(response);
    if (!draft) {
      return;
    }
    fillForm(form, draft.fields);
    const notice = document.getElementById("concord-draft-restored").content.firstElementChild.cloneNode(true);
    notice.querySelector("[data-concord-saved-at]").textContent = draft.savedAt;
    form.before(notice);
  }

  if (document.querySelector(".govuk-error-summary")) {
    // The form came back with errors: it shows what was just sent, newer than any draft.
    changed = true;
  } else {
    quietly(restore());
  }
  window.setInterval(() => quietly(save()), DRAFT_EVERY_MS);
  return { save };
}

function minutesAndSeconds(milliseconds) {
  const seconds = Math.max(0, Math.ceil(milliseconds / 1000));
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const parts = [];
  if (minutes) {
    parts.push(`${minutes} minute${minutes === 1 ? "" : "s"}`);
  }
  if (rest || !minutes) {
    parts.push(`${rest} second${rest === 1 ? "" : "s"}`);
  }
  return parts.join(" ");
}

// Screen readers hear the time left when the warning opens, then each whole minute and at
// 30 seconds, rather than every second.
function spokenTime(milliseconds) {
  const seconds = Math.ceil(milliseconds / 1000);
  if (seconds > 60) {
    return `${Math.ceil(seconds / 60)} minutes`;
  }
  return seconds > 30 ? "1 minute" : "30 seconds";
}

// The GOV.UK timeout warning. The server counts the idle time: the page asks it how long is
// left before warning, and again before signing out, since another tab may have been used.
function startTimeoutWarning(dialog) {
  const warnMs = Number(dialog.dataset.warnSeconds) * 1000;
  const statusUrl = dialog.dataset.statusUrl;
  const stayForm = dialog.querySelector("[data-concord-stay]");
  const countdown = dialog.querySelector("[data-concord-countdown]");
  const spoken = dialog.querySelector("[data-concord-countdown-spoken]");
  const drafts = startDrafts(dialog);
  let deadline = Date.now() + Number(dialog.dataset.secondsLeft) * 1000;
  let timer = null;
  let ticking = null;
  let lastSaved = false;
  let returnFocusTo = null;

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => quietly(askServer()), Math.max(0, deadline - warnMs - Date.now()));
  }

  async function signedOut() {
    window.clearInterval(ticking);
    // The server has signed the session out: this page's address leads to the sign-in
    // page, which returns here.
    window.location.assign(window.location.pathname);
  }

  async function askServer() {
    const left = await answer(await fetch(statusUrl, { headers: POLL, credentials: "same-origin" }));
    if (!left) {
      await signedOut();
      return;
    }
    deadline = Date.now() + left.secondsLeft * 1000;
    if (deadline - Date.now() > warnMs + 1000) {
      close();
      schedule();
    } else {
      warn();
    }
  }

  function warn() {
    if (!dialog.open) {
      returnFocusTo = document.activeElement;
      lastSaved = false;
      quietly(drafts.save());
      dialog.showModal();
      dialog.focus();
      spoken.textContent = `You will be signed out in ${spokenTime(deadline - Date.now())}.`;
    }
    window.clearInterval(ticking);
    tick();
    ticking = window.setInterval(tick, 1000);
  }

  function tick() {
    const left = deadline - Date.now();
    countdown.textContent = minutesAndSeconds(left);
    const text = `You will be signed out in ${spokenTime(left)}.`;
    if (text !== spoken.textContent) {
      spoken.textContent = text;
    }
    if (left <= LAST_DRAFT_BEFORE_MS && !lastSaved) {
      lastSaved = true;
      quietly(drafts.save());
    }
    if (left <= 0) {
      // The server signs the session out at its next request after the time is up.
      window.clearInterval(ticking);
      window.setTimeout(() => quietly(askServer()), 1000);
    }
  }

  function close() {
    window.clearInterval(ticking);
    if (dialog.open) {
      dialog.close();
      if (returnFocusTo && document.contains(returnFocusTo)) {
        returnFocusTo.focus();
      }
    }
  }

  async function staySignedIn() {
    const response = await fetch(stayForm.action, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken(dialog) },
      credentials: "same-origin",
    });
    const left = await answer(response);
    if (!left) {
      await signedOut();
      return;
    }
    deadline = Date.now() + left.secondsLeft * 1000;
    close();
    schedule();
  }

  stayForm.addEventListener("submit", (event) => {
    event.preventDefault();
    quietly(staySignedIn());
  });
  // Escape means "stay signed in", as the GOV.UK pattern has it.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    quietly(staySignedIn());
  });
  // Keep Tab and Shift+Tab inside the dialog while it is open.
  dialog.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") {
      return;
    }
    const focusable = Array.from(dialog.querySelectorAll("button, a[href]"));
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && (document.activeElement === first || document.activeElement === dialog)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
  schedule();
}

const timeoutDialog = document.getElementById("concord-timeout-warning");
if (timeoutDialog) {
  startTimeoutWarning(timeoutDialog);
}
