// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // My journey's secondary sections start closed so a phone shows the next step first;
  // a wide screen has room for them all, open.
  if (window.matchMedia("(min-width: 992px)").matches) {
    document.querySelectorAll("details.journey-more").forEach((section) => {
      section.open = true;
    });
  }
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
