"""Resume parsing: plain functions, no models. `text` turns a document's bytes into text;
`isolation` runs that in a child process with memory, CPU and wall-clock limits, since a
crafted file can make a parser take unbounded memory or time."""
