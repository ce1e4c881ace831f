// "Near me": asks the phone for its location and reloads the results with near=lat,lng, which
// orders them by distance. Without JavaScript the button stays hidden and a sentence says why;
// when the location is refused or unavailable, a message says so and the results stay as they are.
(function () {
  "use strict";
  var button = document.querySelector("[data-near-me]");
  var status = document.querySelector("[data-near-me-status]");
  if (!button || !status) return;
  var nojs = status.querySelector("[data-near-me-nojs]");
  if (nojs) nojs.remove();
  if (!("geolocation" in navigator)) {
    status.textContent = button.dataset.unavailable;
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    status.textContent = button.dataset.locating;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        var params = new URLSearchParams(window.location.search);
        params.set("near", position.coords.latitude.toFixed(4) + "," + position.coords.longitude.toFixed(4));
        params.delete("sort");
        params.delete("page");
        window.location.search = params.toString();
      },
      function (error) {
        button.disabled = false;
        status.textContent = error.code === 1 ? button.dataset.denied : button.dataset.unavailable;
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 }
    );
  });
})();
