// Draws a route's stops on a Leaflet map. The ordered list above the map carries the same
// information, so the page stays useful without JavaScript or without map tiles.
(function () {
  "use strict";
  function draw() {
    var element = document.getElementById("route-map");
    var data = document.getElementById("route-map-points");
    if (!element || !data || !window.L) return;
    var points = JSON.parse(data.textContent);
    if (!points.length) return;
    var map = L.map(element, { scrollWheelZoom: false });
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, { maxZoom: 18, attribution: element.dataset.attribution || "" }).addTo(map);
    } else {
      element.classList.add("route-map-plain");
    }
    var latlngs = points.map(function (p) { return [p.lat, p.lon]; });
    points.forEach(function (p) {
      L.circleMarker([p.lat, p.lon], { radius: 9, color: "#a3401f", fillOpacity: 0.9 })
        .bindTooltip(p.n + ". " + p.label, { permanent: true, direction: "right" })
        .addTo(map);
    });
    if (latlngs.length > 1) L.polyline(latlngs, { color: "#1f3a5f", weight: 3 }).addTo(map);
    map.fitBounds(L.latLngBounds(latlngs).pad(0.3));
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
