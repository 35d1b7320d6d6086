// Sign-in: paste an API token (exchanged for an HttpOnly session cookie) or use the one-time login link that
// `geiger start` prints. Says why the user is here when a session expired.
import { ApiError, login, setCsrf } from "../api.js";
import { h, mount } from "../dom.js";

export function render(root, { message, onSignedIn }) {
  const status = h("p", { class: "login-status", role: "alert" }, message ?? "");
  const input = h("input", {
    id: "token", name: "token", type: "password", autocomplete: "off", spellcheck: "false", autofocus: true,
    placeholder: "geiger_… or the admin token", "aria-describedby": "token-help", required: true,
  });
  const button = h("button", { class: "btn btn-primary", type: "submit" }, "Sign in");
  const form = h("form", {
    class: "login-form",
    onsubmit: async (e) => {
      e.preventDefault();
      const token = input.value.trim();
      if (!token) { status.textContent = "Enter a token."; return; }
      button.disabled = true;
      status.textContent = "Signing in…";
      try {
        const who = await login(token);
        setCsrf(who?.csrf);
        input.value = "";
        onSignedIn(who);
      } catch (err) {
        status.textContent = err instanceof ApiError && (err.status === 401 || err.status === 403)
          ? "That token was not accepted. Check it and try again."
          : `Sign-in failed: ${err.message}`;
        button.disabled = false;
        input.focus();
        input.select();
      }
    },
  },
  h("label", { for: "token" }, "API token"),
  input,
  h("p", { id: "token-help", class: "muted" },
    "Or open the one-time login link that ", h("code", {}, "geiger start"), " printed in your terminal."),
  button,
  status);
  mount(root, h("main", { id: "main", class: "login" },
    h("div", { class: "login-card" },
      h("div", { class: "brand brand-lg" }, h("span", { class: "brand-dot", "aria-hidden": "true" }), "Geiger"),
      h("h1", {}, "Sign in to the MCP threat monitor"),
      form)));
  input.focus();
}
