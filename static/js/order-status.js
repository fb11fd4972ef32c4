// Follows the order's webhook-driven status; reloads once the outcome is known, once the
// payment waits for the customer's 3-D Secure (the page then links to the pay page), or
// once the paid order is held for a check of its VAT evidence (the page then says so).
(function () {
  "use strict";
  var root = document.getElementById("confirmation");
  if (!root || root.dataset.follow !== "true") return;
  var INTERVAL_MS = Number(root.dataset.pollMs) || 1000;
  var shown = root.dataset.status;

  function render(state) {
    var status = root.querySelector("[data-testid=order-status]");
    status.textContent = state.words;
    status.className = "status status-" + state.status;
    var authenticating = state.status === "processing" && state.payment.status === "requires_action";
    if (state.done || state.held || state.payment_error || authenticating || state.status !== shown) {
      window.location.reload();
      return true;
    }
    return false;
  }

  function poll() {
    fetch(root.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (!state || !render(state)) window.setTimeout(poll, INTERVAL_MS);
      })
      .catch(function () { window.setTimeout(poll, INTERVAL_MS * 3); });
  }
  window.setTimeout(poll, INTERVAL_MS);
})();
