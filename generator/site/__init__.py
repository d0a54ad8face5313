"""What pages and files the site has: the site model, catalogue, report pages, feeds, open data, charts, sitemap, templates."""
