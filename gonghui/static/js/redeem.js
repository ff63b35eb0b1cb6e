// The redemption page: scan the member's QR code with the phone's camera (qr-scanner,
// from the npm registry) and submit its code; without a camera, the code is typed.
(function () {
  "use strict";
  var script = document.currentScript;
  var box = document.querySelector("[data-scanner]");
  var form = document.querySelector("[data-redeem-form]");
  if (!box || !form || !window.QrScanner) return;
  var video = box.querySelector("video");
  var start = box.querySelector("[data-scan-start]");
  var actions = box.querySelector("[data-scan-actions]");
  var status = box.querySelector("[data-scan-status]");
  var input = form.querySelector("input[name=code]");
  var scanner = null;
  function found(result) {
    var text = (result && result.data) || "";
    if (!text || !input) return;
    scanner.stop();
    input.value = text.trim();
    form.submit();
  }
  function open() {
    actions.hidden = true;
    video.hidden = false;
    status.textContent = script.dataset.scanning;
    scanner = new window.QrScanner(video, found, { returnDetailedScanResult: true });
    scanner.start().catch(function () {
      video.hidden = true;
      status.textContent = script.dataset.noCamera;
    });
  }
  // the scanner's card shows only where a camera may be used; typing always works
  window.QrScanner.hasCamera().then(function (has) {
    if (!has) return;
    box.hidden = false;
    actions.hidden = false;
    start.addEventListener("click", open);
  });
})();
