// The site's maps. Each map file under maps/ (written by build_scripts/site/maps.py) is a Leaflet map made by
// folium and its configuration as JSON; this script, shared by every map, draws the rest: the points' pane above
// every shape, the shared outlines fetched from data/geo/ (one file for all maps; block outlines above the fills),
// the points (coincident ones spread), the layer control (alternatives as radio buttons) and the legend of the
// chosen layer (both start collapsed on a narrow screen), and body[data-chiiki-ready] once every layer is drawn.
// Texts arrive HTML-escaped from Python (safe_text): Leaflet shows tooltips as HTML.
window.chiikiMap = function (map, config) {
  "use strict";
  var narrow = window.innerWidth < config.narrow;
  var overlays = {};
  var pending = config.layers.length;

  function ready() {
    document.body.setAttribute("data-chiiki-ready", "true");
  }

  var bases = {}, layerIds = new Map();
  // A popup opens clear of the controls: below the layer control and the zoom buttons, above the legend.
  var clear = {topLeft: L.point(10, 100), bottomRight: L.point(10, 40)};  // set again once the controls are drawn
  function popup(layer, text, link) {
    if (!link) { return; }
    layer.bindPopup('<p class="chiiki-popup">' + text + '</p><a href="' + link + '" target="_top">' +
                    config.linkText + "</a>", {autoPanPaddingTopLeft: clear.topLeft, autoPanPaddingBottomRight: clear.bottomRight});
    layer.on("popupopen", function () { layer.closeTooltip(); });
  }

  // Alternatives (the prefectures by plans or by investment) are radio buttons, one shown at a time; outlines
  // (blocks) are drawn in a pane above every fill, whichever file arrives first.
  function shared(spec) {
    var group = L.featureGroup();
    (spec.exclusive ? bases : overlays)[spec.name] = group;
    layerIds.set(group, spec.id);
    if (spec.show) { group.addTo(map); }
    fetch(spec.url).then(function (response) { return response.json(); }).then(function (data) {
      L.geoJson(data, {
        pane: spec.outline ? "chiiki-outlines" : "overlayPane",
        interactive: spec.interactive,
        filter: function (feature) { return spec.allFeatures || feature.properties[spec.key] in spec.styles; },
        style: function (feature) { return spec.styles[feature.properties[spec.key]] || spec.defaultStyle; },
        onEachFeature: function (feature, layer) {
          var key = feature.properties[spec.key];
          if (spec.labels[key]) { layer.bindTooltip(spec.labels[key], {sticky: true}); }
          if (spec.links[key]) { popup(layer, spec.labels[key], spec.links[key]); }
        }
      }).addTo(group);
      document.body.setAttribute("data-loaded-" + spec.id, "true");
      if (--pending === 0) { ready(); }
    });
  }

  // Points at the same place (two investments in one municipality) are spread on a small circle, in screen
  // pixels at every zoom, so that each can be pointed at and tapped.
  var SPREAD = 22, stacks = [];
  function spread() {
    stacks.forEach(function (stack) {
      var centre = map.latLngToLayerPoint(stack.at);
      stack.markers.forEach(function (marker, i) {
        var angle = 2 * Math.PI * i / stack.markers.length - Math.PI / 2;
        marker.setLatLng(map.layerPointToLatLng(centre.add(L.point(SPREAD * Math.cos(angle), SPREAD * Math.sin(angle)))));
      });
    });
  }
  function points(spec) {
    var group = L.featureGroup(), at = {};
    spec.points.forEach(function (p) {
      var marker = L.circleMarker([p[0], p[1]], spec.style).bindTooltip(p[2], {sticky: true});
      popup(marker, p[2], p[3]);
      marker.addTo(group);
      var key = p[0] + "," + p[1];
      (at[key] = at[key] || {at: L.latLng(p[0], p[1]), markers: []}).markers.push(marker);
    });
    Object.keys(at).forEach(function (key) { if (at[key].markers.length > 1) stacks.push(at[key]); });
    group.addTo(map);
    overlays[spec.name] = group;
  }
  function showLegendOf(layer) {
    var id = layerIds.get(layer);
    document.querySelectorAll(".chiiki-legend [data-chiiki-legend]").forEach(function (section) {
      section.hidden = section.getAttribute("data-chiiki-legend") !== id;
    });
  }

  map.createPane("chiiki-outlines").style.zIndex = 450;  // above the fills (400), below markers and points
  map.createPane(config.pane).style.zIndex = 625;  // above the shapes (400) and markers (600), below tooltips
  L.control.scale({imperial: false, metric: true}).addTo(map);
  map.fitBounds(config.bounds, {padding: [6, 6]});
  config.layers.forEach(shared);
  config.points.forEach(points);
  spread();
  map.on("zoomend viewreset", spread);
  var tiles = {};
  tiles[config.tiles.name] = window[config.tiles.layer];
  // With alternatives, they are the base choice (radio buttons) and the tiles an overlay; else the tiles are.
  var exclusive = Object.keys(bases).length > 0;
  var control = L.control.layers(exclusive ? bases : tiles, exclusive ? Object.assign(tiles, overlays) : overlays,
                                 {autoZIndex: false, collapsed: narrow, position: "topright"}).addTo(map);
  // the zoom buttons (top left, ~80 px high) and the layer control (top right) both sit above this line
  clear.topLeft = L.point(10, Math.max(96, control.getContainer().offsetHeight + 24));
  map.on("baselayerchange", function (event) { showLegendOf(event.layer); });
  Object.keys(bases).forEach(function (name) { if (map.hasLayer(bases[name])) showLegendOf(bases[name]); });
  var legend = document.querySelector(".chiiki-legend");
  if (legend) {
    map.getContainer().after(legend);  // after the map in the reading and keyboard order, as it is drawn over it
    if (narrow) { legend.open = false; }
    clear.bottomRight = L.point(10, legend.offsetHeight + 16);
  }
  // On a touch screen one finger scrolls the page past the map; two fingers zoom it (pinch), the buttons too.
  if (L.Browser.touch && narrow) {
    map.dragging.disable();
    if (map.tap) map.tap.disable();
  }
  if (pending === 0) { ready(); }
};
