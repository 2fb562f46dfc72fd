"""The site: the multi-version build with its cache and atomic swap (`build`), the one call of the
site engine (`engine`, with mkdocs.yml read safely by `settings_file`), what an interrupted build
leaves (`leftovers`), and the Markdown page tree with its templates (`render/`)."""
