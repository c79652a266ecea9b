"""I/O: the only package that opens files, databases or sockets."""
