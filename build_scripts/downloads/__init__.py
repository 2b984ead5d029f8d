"""Stage 4, the files: per plan and national CSV, Excel CSV, xlsx, JSON, SQLite, data packages, the DCAT
catalogue, the Atom feeds and the company lookup's shards."""
