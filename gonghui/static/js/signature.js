// The signature pad of a receipt (assistance/_receipt_form.html): a canvas the worker signs
// on with a finger, a stylus or the mouse (pointer events), a button that clears it, and a
// hidden input that holds the drawing as a PNG data URL (empty while nothing is drawn).
// The method radios show the pad or the scan's file input. No library, nothing from a CDN.
(function () {
  "use strict";

  function setUpPad(pad) {
    var canvas = pad.querySelector("canvas");
    var input = document.getElementById(pad.getAttribute("data-input"));
    var clear = pad.querySelector("[data-signature-clear]");
    if (!canvas || !input || !canvas.getContext) return;
    var context = canvas.getContext("2d");
    var drawing = false;
    var inked = false;
    var last = null;

    canvas.style.touchAction = "none";
    canvas.style.display = "block";
    canvas.style.width = "100%";
    canvas.style.height = "200px";
    canvas.style.border = "1px dashed #8a8f98";
    canvas.style.borderRadius = "4px";
    canvas.style.background = "#fff";
    canvas.style.cursor = "crosshair";

    function size() {
      var ratio = window.devicePixelRatio || 1;
      var width = Math.max(1, Math.round(canvas.clientWidth * ratio));
      var height = Math.max(1, Math.round(canvas.clientHeight * ratio));
      if (canvas.width === width && canvas.height === height) return;
      var kept = inked ? canvas.toDataURL("image/png") : null;
      canvas.width = width;
      canvas.height = height;
      context.setTransform(ratio, 0, 0, ratio, 0, 0);
      context.lineWidth = 2.5;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.strokeStyle = "#111";
      if (kept) {
        var image = new Image();
        image.onload = function () {
          context.drawImage(image, 0, 0, canvas.clientWidth, canvas.clientHeight);
        };
        image.src = kept;
      }
    }

    function point(event) {
      var box = canvas.getBoundingClientRect();
      return { x: event.clientX - box.left, y: event.clientY - box.top };
    }

    function save() {
      input.value = inked ? canvas.toDataURL("image/png") : "";
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      drawing = true;
      last = point(event);
      if (canvas.setPointerCapture) canvas.setPointerCapture(event.pointerId);
      context.beginPath();
      context.arc(last.x, last.y, context.lineWidth / 2, 0, Math.PI * 2);
      context.fillStyle = context.strokeStyle;
      context.fill();
      inked = true;
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      event.preventDefault();
      var next = point(event);
      context.beginPath();
      context.moveTo(last.x, last.y);
      context.lineTo(next.x, next.y);
      context.stroke();
      last = next;
    });
    function stop(event) {
      if (!drawing) return;
      drawing = false;
      if (canvas.releasePointerCapture && event.pointerId !== undefined) {
        try { canvas.releasePointerCapture(event.pointerId); } catch (ignored) { /* released */ }
      }
      save();
    }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    canvas.addEventListener("pointerleave", stop);

    if (clear) {
      clear.addEventListener("click", function () {
        context.clearRect(0, 0, canvas.width, canvas.height);
        inked = false;
        save();
      });
    }
    size();
    window.addEventListener("resize", size);
    input.value = "";
  }

  function setUpMethod(receipt) {
    var radios = receipt.querySelectorAll("input[type=radio][name$=method]");
    var parts = receipt.querySelectorAll("[data-receipt-part]");
    function show() {
      var chosen = "";
      radios.forEach(function (radio) { if (radio.checked) chosen = radio.value; });
      parts.forEach(function (part) {
        part.hidden = chosen !== "" && part.getAttribute("data-receipt-part") !== chosen;
      });
      window.dispatchEvent(new Event("resize"));
    }
    radios.forEach(function (radio) { radio.addEventListener("change", show); });
    show();
  }

  function start() {
    document.querySelectorAll("[data-signature-pad]").forEach(setUpPad);
    document.querySelectorAll("[data-receipt]").forEach(setUpMethod);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
