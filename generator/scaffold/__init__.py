"""``gongkai init``: a new portal for another jurisdiction — its mkdocs.yml, authored pages, a sample report.

Every county and city has Measures of its own under 国令第713号; what differs between portals is
names (the government, the Measures, the site's name and address, the footer), all of which go
into ``mkdocs.yml`` and the two authored pages that name them (``templates/``).  The report format
guide, the reading guide and the Word template name no jurisdiction and are copied as they are.
"""
