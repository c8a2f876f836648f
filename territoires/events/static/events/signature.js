// The attendance sheet's signature pad: the trainee draws in the canvas, the drawing is kept
// as SVG path data in the form's signature field (which, without script, takes a typed name).
(function () {
  document.querySelectorAll("canvas[data-signature-for]").forEach(function (canvas) {
    var field = document.getElementById(canvas.dataset.signatureFor);
    var context = canvas.getContext("2d");
    var path = "";
    var drawing = false;
    context.lineWidth = 2;
    context.lineCap = "round";
    function point(event) {
      var box = canvas.getBoundingClientRect();
      return [
        Math.round(((event.clientX - box.left) * canvas.width) / box.width),
        Math.round(((event.clientY - box.top) * canvas.height) / box.height),
      ];
    }
    canvas.addEventListener("pointerdown", function (event) {
      var at = point(event);
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      context.beginPath();
      context.moveTo(at[0], at[1]);
      path += "M" + at[0] + " " + at[1];
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      var at = point(event);
      context.lineTo(at[0], at[1]);
      context.stroke();
      path += "L" + at[0] + " " + at[1];
      field.value = path;
    });
    canvas.addEventListener("pointerup", function () {
      drawing = false;
    });
    document.querySelectorAll('[data-signature-clear="' + field.id + '"]').forEach(function (button) {
      button.addEventListener("click", function () {
        context.clearRect(0, 0, canvas.width, canvas.height);
        path = "";
        field.value = "";
      });
    });
  });
})();
