"""SIP2: a sans-I/O codec and connection (codec, connection, messages) and a TCP client."""
