"""Receipt printers speaking ESC/POS (``escpos-net://``, ``escpos-serial://``, ``escpos-usb://``)
behind one port (``port.py``), and the fake (``fake-printer://``)."""
