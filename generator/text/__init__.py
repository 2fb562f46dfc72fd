"""Text inside content: the one Markdown parser and its safe rendering (`markdown`), the writing
rules (`lint`) and reading ease (`readability`). Imports `core` and `content` only."""
