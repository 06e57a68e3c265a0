// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Forms marked data-once disable their submit button after the first submit,
  // so a double click sends one request.
  document.querySelectorAll("form[data-once]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      // A disabled button's name and value are not sent: keep the one pressed.
      const pressed = event.submitter;
      if (pressed && pressed.name) {
        const kept = document.createElement("input");
        kept.type = "hidden";
        kept.name = pressed.name;
        kept.value = pressed.value;
        form.appendChild(kept);
      }
      form.querySelectorAll("button[type=submit]").forEach((button) => {
        button.disabled = true;
      });
    });
  });
});
