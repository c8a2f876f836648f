"""Dashboards of the observatory: one page per collectivité and campaign, with its peers,
its evolution, the roll-up of its members and a printable summary (HTML and PDF)."""
