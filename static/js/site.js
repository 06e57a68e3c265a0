// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Forms marked data-once disable their submit button after the first submit,
  // so a double click sends one request.
  document.querySelectorAll("form[data-once]").forEach((form) => {
    form.addEventListener("submit", () => {
      form.querySelectorAll("button[type=submit]").forEach((button) => {
        button.disabled = true;
      });
    });
  });
});
