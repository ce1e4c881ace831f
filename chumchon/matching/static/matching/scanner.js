/* In-page QR scanner for the check-in desk, where the browser has BarcodeDetector and a camera.
   Progressive enhancement: otherwise the section stays hidden and officers use the camera app
   (the QR code is a link) or the search list. */
(function () {
  "use strict";
  var box = document.getElementById("scanner");
  if (!box || !("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return;
  }
  var start = document.getElementById("scanner-start");
  var video = document.getElementById("scanner-video");
  var status = document.getElementById("scanner-status");
  box.hidden = false;

  function isCheckin(text) {
    try {
      var url = new URL(text, location.href);
      return url.origin === location.origin && /\/checkin\/[0-9a-f-]{36}\/$/.test(url.pathname) ? url.href : "";
    } catch (error) {
      return "";
    }
  }

  start.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" } })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        start.hidden = true;
        return video.play().then(function () {
          function look() {
            detector
              .detect(video)
              .then(function (codes) {
                for (var i = 0; i < codes.length; i += 1) {
                  var target = isCheckin(codes[i].rawValue);
                  if (target) {
                    stream.getTracks().forEach(function (track) {
                      track.stop();
                    });
                    location.href = target;
                    return;
                  }
                }
                window.setTimeout(look, 250);
              })
              .catch(function () {
                window.setTimeout(look, 500);
              });
          }
          look();
        });
      })
      .catch(function () {
        status.textContent = box.getAttribute("data-no-camera") || "";
      });
  });
})();
