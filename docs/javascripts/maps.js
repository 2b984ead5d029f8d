// The site's maps. Each map file under maps/ (written by build_scripts/site/maps.py) is a Leaflet map made by
// folium and its configuration as JSON; this script, shared by every map, draws the rest: the points' pane above
// every shape, the shared outlines fetched from data/geo/ (one file for all maps), the points, the layer control
// and the legend (both start collapsed on a narrow screen), and body[data-chiiki-ready] once every layer is drawn.
// Texts arrive HTML-escaped from Python (safe_text): Leaflet shows tooltips as HTML.
window.chiikiMap = function (map, config) {
  "use strict";
  var narrow = window.innerWidth < config.narrow;
  var overlays = {};
  var pending = config.layers.length;

  function ready() {
    document.body.setAttribute("data-chiiki-ready", "true");
  }

  function popup(layer, text, link) {
    if (!link) { return; }
    layer.bindPopup('<p class="chiiki-popup">' + text + '</p><a href="' + link + '" target="_top">' +
                    config.linkText + "</a>");
    layer.on("popupopen", function () { layer.closeTooltip(); });
  }

  function shared(spec) {
    var group = L.featureGroup();
    overlays[spec.name] = group;
    if (spec.show) { group.addTo(map); }
    fetch(spec.url).then(function (response) { return response.json(); }).then(function (data) {
      L.geoJson(data, {
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

  function points(spec) {
    var group = L.featureGroup();
    spec.points.forEach(function (p) {
      var marker = L.circleMarker([p[0], p[1]], spec.style).bindTooltip(p[2], {sticky: true});
      popup(marker, p[2], p[3]);
      marker.addTo(group);
    });
    group.addTo(map);
    overlays[spec.name] = group;
  }

  map.createPane(config.pane).style.zIndex = 625;  // above the shapes (400) and markers (600), below tooltips
  L.control.scale({imperial: false, metric: true}).addTo(map);
  map.fitBounds(config.bounds, {padding: [6, 6]});
  config.layers.forEach(shared);
  config.points.forEach(points);
  var base = {};
  base[config.tiles.name] = window[config.tiles.layer];
  L.control.layers(base, overlays, {autoZIndex: true, collapsed: narrow, position: "topright"}).addTo(map);
  var legend = document.querySelector(".chiiki-legend");
  if (legend) {
    map.getContainer().after(legend);  // after the map in the reading and keyboard order, as it is drawn over it
    if (narrow) { legend.open = false; }
  }
  if (pending === 0) { ready(); }
};
