"""The bottom of the pipeline: located problems and rule codes (`errors`), and the strict content
model every stage reads (`model`). Imports nothing else of the generator."""
