// The cart's "Country you live in": the checkout forms carry the country chosen, whether or
// not "Update VAT" was pressed since (found by an outside probe: a country picked, then
// Checkout, placed the order in the country shown before).
(function () {
  "use strict";
  var select = document.getElementById("id_country");
  var note = document.querySelector("[data-country-note]");
  if (!select) {
    return;
  }
  function carryChosenCountry() {
    document.querySelectorAll("form input[type=hidden][name=country]").forEach(function (input) {
      input.value = select.value;
    });
    var chosen = select.options[select.selectedIndex].text;
    note.textContent = "Checking out charges the VAT of " + chosen + ". Update VAT shows it here.";
  }
  select.addEventListener("change", carryChosenCountry);
  // A country picked before this deferred script ran (or restored by the browser on Back)
  // fired no change event we heard.
  var shown = select.querySelector("option[selected]");
  if (shown && shown.value !== select.value) {
    carryChosenCountry();
  }
})();
