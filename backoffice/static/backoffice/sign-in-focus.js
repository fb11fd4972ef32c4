// The theme hides the page (x-cloak) until Alpine has started, so the browser drops the
// username field's autofocus. This deferred script runs after Alpine's (earlier in the
// page), once the page shows: it focuses the field, unless the user has moved on.
(function () {
  "use strict";
  var field = document.querySelector("#login-form [autofocus]");
  if (field && document.activeElement === document.body) field.focus();
})();
