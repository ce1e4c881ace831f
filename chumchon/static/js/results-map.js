// The results of this page on a Leaflet map, drawn when its section is first opened. The list of
// results is the accessible alternative; without map tiles (none configured) the points still
// show on a plain background.
(function () {
  "use strict";
  var element = document.getElementById("results-map");
  var data = document.getElementById("results-map-points");
  if (!element || !data || !window.L) return;
  var section = element.closest("details");
  var note = section && section.querySelector("[data-map-nojs]");
  if (note) note.remove();
  var map = null;

  function popup(point) {
    var box = document.createElement("div");
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = point.title;
    var place = document.createElement("div");
    place.textContent = point.place;
    box.appendChild(link);
    box.appendChild(place);
    return box;
  }

  function draw() {
    if (map) {
      map.invalidateSize();
      return;
    }
    var points = JSON.parse(data.textContent);
    if (!points.length) return;
    map = L.map(element, { scrollWheelZoom: false });
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, { maxZoom: 18, attribution: element.dataset.attribution || "" }).addTo(map);
    } else {
      element.classList.add("route-map-plain");
    }
    var icon = L.divIcon({ className: "results-map-marker", iconSize: [18, 18] });
    var latlngs = points.map(function (p) {
      L.marker([p.lat, p.lng], { icon: icon, title: p.title, alt: p.title, keyboard: true })
        .bindPopup(popup(p))
        .addTo(map);
      return [p.lat, p.lng];
    });
    if (latlngs.length === 1) map.setView(latlngs[0], 11);
    else map.fitBounds(L.latLngBounds(latlngs).pad(0.2), { maxZoom: 13 });
  }

  if (!section) draw();
  else {
    if (section.open) draw();
    section.addEventListener("toggle", function () { if (section.open) draw(); });
  }
})();
