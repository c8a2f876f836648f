// Exclusive choices of a question of the questionnaire: « Non concerné » clears the answer,
// and an answer clears « Non concerné »; « Aucune de ces réponses » and the options of a
// multiple choice clear each other. The server refuses both (without JavaScript too).
//
// Listened to in the capture phase, before htmx sends the question on the same event.
(function () {
  "use strict";

  function given(input) {
    if (input.type === "checkbox" || input.type === "radio") {
      return input.checked;
    }
    return input.value.trim() !== "";
  }

  function clear(input) {
    if (input.type === "checkbox" || input.type === "radio") {
      input.checked = false;
    } else {
      input.value = "";
    }
  }

  function exclude(event) {
    var input = event.target;
    var question = input.closest ? input.closest("[data-question]") : null;
    if (!question || !given(input)) {
      return;
    }
    // « Non concerné » and « Aucune » (data-exclusive) clear everything else; an answer
    // clears them only.
    var selector = input.hasAttribute("data-exclusive") ? "input" : "input[data-exclusive]";
    question.querySelectorAll(selector).forEach(function (other) {
      if (other !== input && other.type !== "hidden") {
        clear(other);
      }
    });
  }

  document.addEventListener("change", exclude, true);
  document.addEventListener("input", exclude, true);
})();
