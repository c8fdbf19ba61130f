"""``python -m glossary.web.cli``: the ``glossary`` command (what a worker starts a build with)."""

from glossary.web.cli import main

main()
