// Behaviour of the site's own markup, kept out of the pages: the Content-Security-Policy
// refuses inline scripts and event handlers.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
