"""Pictures of runs: the offline HTML report (html.py) of SVG diagrams drawn from model states (svg.py), for
`--html` and for notebooks (``_repr_html_``)."""
