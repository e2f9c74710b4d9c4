"""Where the book's data are: one rule, the same in a clone, on Binder and on Colab.

:func:`data_dir` looks, in this order, for

1. the folder passed as an argument (taken as given);
2. the folder named by the environment variable ``ALLIANCE_DATA_DIR`` (taken as given);
3. the ``data/`` folder of the clone this package is imported from (a checkout: ``make book``,
   ``make test``, Binder, an editable install);
4. the data installed with the package (``alliance/_data``: the wheel built from the repository
   carries ``data/`` there, so ``pip install`` of the book's repository, as the set-up cell of
   every notebook does on Colab, brings the data along).

When none of them holds ``datapackage.json`` it raises :class:`DataNotFoundError`, one message that
says the three ways out. The package never fetches data from the network.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["DATA_DIR_ENV", "DESCRIPTOR", "DataNotFoundError", "checkout_data_dir", "data_dir", "installed_data_dir"]

#: Environment variable naming an alternative data directory (used by tests and temporary copies).
DATA_DIR_ENV = "ALLIANCE_DATA_DIR"
#: The file that marks a data directory: the schema of every table.
DESCRIPTOR = "datapackage.json"
#: The file that marks the root of a clone of the book's repository.
CHECKOUT_MARKER = "pyproject.toml"

PACKAGE_DIR = Path(__file__).resolve().parent


class DataNotFoundError(FileNotFoundError):
    """No data directory was given and none was found beside or inside the package."""


def checkout_data_dir(package_dir: Path = PACKAGE_DIR) -> Path | None:
    """``data/`` of the clone the package lives in, or None when it is not in a clone."""
    root = package_dir.parent
    data = root / "data"
    if (root / CHECKOUT_MARKER).is_file() and (data / DESCRIPTOR).is_file():
        return data
    return None


def installed_data_dir(package_dir: Path = PACKAGE_DIR) -> Path | None:
    """The data shipped inside the installed package (``alliance/_data``), or None."""
    data = package_dir / "_data"
    return data if (data / DESCRIPTOR).is_file() else None


def not_found_message(package_dir: Path = PACKAGE_DIR) -> str:
    """What to do when the data cannot be found (one message, three ways out)."""
    return (
        f"The book's data were not found: {DATA_DIR_ENV} is not set, the package at {package_dir} is "
        f"not inside a clone of the book's repository, and it was installed without its data. "
        "Do one of: run from a clone of the repository (`make book` sets everything up); "
        f"set {DATA_DIR_ENV} to a folder holding {DESCRIPTOR}; or install the package from the "
        "book's repository (the set-up cell at the top of each notebook does it: "
        "`pip install \"alliance @ git+https://github.com/OWNER/REPOSITORY@TAG\"`), whose wheel carries the data."
    )


def data_dir(path: str | os.PathLike[str] | None = None, package_dir: Path = PACKAGE_DIR) -> Path:
    """The data directory, by the rule in this module's docstring: argument, ``$ALLIANCE_DATA_DIR``,
    the clone's ``data/``, the installed ``alliance/_data``; else :class:`DataNotFoundError`."""
    if path is not None:
        return Path(path)
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV])
    found = checkout_data_dir(package_dir) or installed_data_dir(package_dir)
    if found is None:
        raise DataNotFoundError(not_found_message(package_dir))
    return found
