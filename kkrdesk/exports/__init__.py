"""One module per output document; pdfstyle.py and xlsxstyle.py make them all look like one house."""
