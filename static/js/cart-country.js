// The cart's "Country you live in": the checkout forms carry the country chosen, whether or
// not "Update VAT" was pressed since (found by outside probes: a country picked, then
// Checkout, placed the order in the country shown before). Loaded right after the select,
// before the forms: they cannot be sent before it has run.
(function () {
  "use strict";
  var select = document.getElementById("id_country");
  var note = document.querySelector("[data-country-note]");
  if (!select) {
    return;
  }
  function showChoice() {
    var shown = select.querySelector("option[selected]");
    var chosen = select.options[select.selectedIndex];
    note.textContent = shown && shown.value !== select.value
      ? "Checking out charges the VAT of " + chosen.text + ". Update VAT shows it here."
      : "";
  }
  select.addEventListener("change", showChoice);
  // The browser puts back a choice made before Back or a reload only after the page has
  // loaded (at pageshow), firing no change event.
  window.addEventListener("pageshow", showChoice);
  // Whatever the select shows when a form goes is the country it sends.
  document.addEventListener("submit", function (event) {
    var country = event.target.querySelector("input[type=hidden][name=country]");
    if (country) {
      country.value = select.value;
    }
  });
  showChoice();
  // With prices including VAT, the business price of a country reverse charged shows once
  // a VAT number is typed (the hint under the field says it all along), but not for the
  // number the checkout just refused, until it is edited (outside probe FT-4).
  var business = document.querySelector("[data-business-price]");
  function showBusiness() {
    var typed = document.querySelector("input[name=vat_number]");
    if (business && typed) {
      business.hidden = !typed.value.trim() || typed.getAttribute("aria-invalid") === "true";
    }
  }
  document.addEventListener("input", function (event) {
    if (event.target.name === "vat_number") {
      event.target.removeAttribute("aria-invalid");
      showBusiness();
    }
  });
  window.addEventListener("pageshow", showBusiness);
})();
