// Card payment that works with real Stripe.js and with localstripe's stand-in:
// SetupIntent confirmed in the browser, PaymentIntent created and confirmed by our server,
// confirmCardPayment only when the bank asks for 3-D Secure. An attempt whose 3-D Secure
// was interrupted (a closed or reloaded tab) is offered again, beside the card form.
(function () {
  "use strict";
  var form = document.getElementById("payment-form");
  if (!form) return;
  var button = document.getElementById("pay-button");
  var errorBox = document.getElementById("payment-error");
  var statusLine = document.getElementById("payment-status");
  var unfinished = document.getElementById("attempt-unfinished");
  var authentication = document.getElementById("authentication");
  var authenticateButton = document.getElementById("authenticate-button");
  var ourWords = JSON.parse(document.getElementById("payment-messages").textContent);

  // An error whose message is ours (our server's answers); any other (Stripe.js, the
  // network) is shown in our words for its code, never in the provider's.
  function OurError(message) { this.message = message; }

  // The shop's answer did not come back (the network, a restart, a proxy's error page): what
  // the request did is not known, so it is never said to have failed (outside probe ET-1).
  function Unreachable() { this.message = ourWords.shop_unreachable; }

  // The page's session has ended (signed out, or the account erased, in another tab): the
  // page can pay no more, and says why in place of its card form.
  function Closed(message) { this.message = message; }

  function closed(message) {
    Array.prototype.forEach.call(form.children, function (child) {
      if (child !== errorBox && child.type !== "hidden") child.hidden = true;
    });
    errorBox.textContent = message;
    errorBox.classList.remove("error");  // what became of the order, not a failed payment
    errorBox.hidden = false;
  }

  // The order was canceled or paid in another tab: its confirmation says so.
  function leave(url) {
    window.location.assign(url);
    return new Promise(function () {});
  }

  function inOurWords(error) {
    if (error instanceof OurError || error instanceof Unreachable) return error.message;
    var code = (error && (error.decline_code || error.code)) || "";
    return ourWords[code] || ourWords[""];
  }

  function busy(on) {
    [button, authenticateButton].forEach(function (each) {
      if (!each) return;
      each.disabled = on;
      each.classList.toggle("busy", on);
    });
  }

  // What is happening between the bank's prompts, read out by screen readers (role=status).
  function say(words) {
    statusLine.textContent = words || "";
    statusLine.classList.toggle("message", Boolean(words));
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
    busy(false);
  }

  // The waiting attempt has ended (failed, or replaced by another card): no more to confirm.
  function authenticationEnded() {
    if (authentication) authentication.hidden = true;
    authenticateButton = null;
  }

  // A failed attempt can leave the order repriced (VIES refused its VAT number meanwhile):
  // the page reloads with the new total and why, instead of offering the old total again.
  function attemptFailed(answer, fallback) {
    authenticationEnded();
    if (answer.total !== undefined && String(answer.total) !== form.dataset.total) {
      window.location.reload();
      return new Promise(function () {});
    }
    throw new OurError(answer.payment_error || fallback);
  }

  if (typeof window.Stripe !== "function") {
    busy(true);
    errorBox.textContent = "Payments are unavailable right now. Please try again later.";
    errorBox.hidden = false;
    return;
  }
  var stripe = window.Stripe(form.dataset.publishableKey);
  var card = stripe.elements().create("card");
  card.mount("#card-element");

  function post(url, fields) {
    var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, Accept: "application/json" },
      body: new URLSearchParams(fields || {}),
    }).catch(function () {
      throw new Unreachable();
    }).then(function (response) {
      return response.json().catch(function () { return null; }).then(function (data) {
        if (data === null && !response.ok) throw new Unreachable();
        data = data || {};
        if (data.leave_for) return leave(data.leave_for);
        if (data.closed) throw new Closed(data.error);
        if (!response.ok || data.error) throw new OurError(data.error || ourWords[""]);
        return data;
      });
    });
  }

  function idOf(paymentMethod) {
    return typeof paymentMethod === "string" ? paymentMethod : paymentMethod.id;
  }

  function sleep(ms) {
    return new Promise(function (resolve) { window.setTimeout(resolve, ms); });
  }

  // A background job asks Stripe once our server has recorded the attempt: follow the
  // attempt until Stripe has spoken. Following it asks Stripe nothing: the client secret
  // for 3-D Secure is asked for once, when the page confirms (authenticateUrl).
  function settled(payment) {
    return Boolean(payment.status) && payment.status !== "creating";
  }

  // As often as the page says (settings.STATUS_POLL_MS), for 45 seconds at most.
  var POLL_MS = Number(form.dataset.pollMs) || 500;

  // The attempt's state, or null while the shop cannot be reached (a network blip, a
  // restart): followed on, never taken for a failed payment (outside probe EM-1).
  async function attemptState() {
    try {
      var response = await fetch(form.dataset.statusUrl, {
        headers: { Accept: "application/json" }, credentials: "same-origin",
      });
      return response.ok || response.status === 401 ? await response.json() : null;
    } catch (unreachable) {
      return null;
    }
  }

  async function attemptOutcome() {
    for (var tries = 0; tries < 45000 / POLL_MS; tries += 1) {
      var state = await attemptState();
      if (state && state.closed) throw new Closed(state.error);
      if (state && state.leave_for) return leave(state.leave_for);
      if (state && settled(state.payment)) return state;
      await sleep(POLL_MS);
    }
    return null;
  }

  // Follow the latest attempt to its outcome, through 3-D Secure when the bank asks for it,
  // saying `beforePrompt` just before the bank's prompt opens.
  async function finish(beforePrompt) {
    var state = await attemptOutcome();
    if (state && state.payment.status === "failed") return attemptFailed(state, ourWords[""]);
    if (state && state.payment.status === "requires_action") {
      // The attempt may have ended meanwhile: a failed one says why, and the card form is
      // what is left.
      var waiting = await post(form.dataset.authenticateUrl);
      if (waiting.status === "failed") return attemptFailed(waiting, ourWords[""]);
      if (waiting.client_secret) {
        say(beforePrompt);
        await stripe.confirmCardPayment(waiting.client_secret);
        say("");
        // Names the attempt confirmed: one another tab's card replaced meanwhile is not
        // this card's failure (outside probe FN-1).
        var outcome = await post(form.dataset.authenticatedUrl, { attempt: waiting.attempt });
        if (outcome.status === "failed" || outcome.replaced) {
          return attemptFailed(outcome, ourWords.payment_intent_authentication_failure);
        }
      }
    }
    window.location.assign(form.dataset.confirmationUrl);
  }

  // A new card: our server replaces an attempt still waiting for 3-D Secure with a new one.
  async function pay() {
    var setup = await post(form.dataset.setupUrl).catch(function (error) {
      if (error instanceof Unreachable) throw new OurError(ourWords.shop_unreachable_before_payment);
      throw error;
    });
    var saved = await stripe.confirmCardSetup(setup.client_secret, { payment_method: { card: card } });
    if (saved.error) throw saved.error;
    await post(form.dataset.payUrl, {
      payment_method_id: idOf(saved.setupIntent.payment_method),
      total: form.dataset.total,
    });
    authenticationEnded();
    // Said while the payment is sent to the bank: a busy queue of jobs may take a while
    // (outside probe DY-1: up to 45 s with nothing on the page, nothing read out).
    say(statusLine.dataset.sending);
    // A card the bank asked to confirm when it was saved may be asked about again for the
    // payment itself (the SetupIntent, then the PaymentIntent): the customer is told why.
    await finish(statusLine.dataset.paymentPrompt);
  }

  function run(step) {
    busy(true);
    errorBox.hidden = true;
    say("");
    if (unfinished) unfinished.hidden = true;
    step().catch(function (error) {
      say("");
      if (error instanceof Closed) closed(error.message);
      else showError(inOurWords(error));
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    run(pay);
  });
  if (authenticateButton) {
    authenticateButton.addEventListener("click", function () { run(finish); });
  }
})();
