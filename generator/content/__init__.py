"""Reading content: strict YAML and front matter with positions (`source`, `textmap`), and the
repository layout turned into the content model (`loader`). Imports only `core`."""
