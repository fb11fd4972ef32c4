// "Copy" buttons: data-copy names the element whose text goes to the clipboard; the
// nearest [data-copy-status] tells screen readers it happened.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.querySelector(button.dataset.copy);
    var status = button.closest("section").querySelector("[data-copy-status]");
    button.addEventListener("click", function () {
      var text = source.textContent.trim();
      var copied = navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject();
      copied.then(function () {
        button.textContent = button.dataset.copied;
        status.textContent = "The token is on your clipboard.";
      }).catch(function () {
        window.getSelection().selectAllChildren(source);
        status.textContent = "Press Ctrl+C (⌘C on a Mac) to copy the selected token.";
      });
    });
  });
})();
