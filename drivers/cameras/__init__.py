"""The camera as a barcode scanner (``camera://``): frames in, certain codes out. Decoding is
``barcode_pipeline.py``, a pure function of a picture; ``camera_scanner.py`` only moves frames."""
