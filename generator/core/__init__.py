"""The bottom of the pipeline: located problems and rule codes (`errors`), files named on the
command line read and written with located problems (`files`), and the strict content
model every stage reads (`model`). Imports nothing else of the generator."""
