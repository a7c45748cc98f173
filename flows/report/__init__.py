"""The HTML report: queries, layout, colours and labels."""
