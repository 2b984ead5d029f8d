"""Stage 5, the site: Markdown pages from templates, maps and charts, the finishing of the built HTML
(after any site engine), and the atomic swap of the output folder."""
