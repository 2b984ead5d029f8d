// Datasette Lite needs the database's absolute URL: resolve the relative one against this page.
document.querySelectorAll("a.datasette-lite").forEach(function (link) {
  var relative = link.getAttribute("href").split("?url=")[1];
  var absolute = new URL(relative, window.location.href).href;
  link.setAttribute("href", "https://lite.datasette.io/?url=" + encodeURIComponent(absolute));
});

// A code snippet's address must be absolute to run where it is pasted: resolve the relative one against this page.
document.querySelectorAll("[data-chiiki-absolute-url]").forEach(function (node) {
  node.textContent = new URL(node.getAttribute("data-chiiki-absolute-url"), window.location.href).href;
});
