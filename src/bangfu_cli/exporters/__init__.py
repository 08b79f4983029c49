"""Register and report writers: xlsx, html and csv (these may import the spreadsheet libraries)."""
