"""`make site`: build every release tag and main (as dev) into site/<edition>/ (see alliance.site)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from alliance.site import build_site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repo", default=".", help="git repository to build from (default: here)")
    parser.add_argument("--out", default="site", help="output folder (default: site)")
    parser.add_argument("--base-path", default="/", help="where the site is served, e.g. /<repo>/ on GitHub Pages")
    parser.add_argument("--branch", default="main", help="branch published as dev (default: main)")
    parser.add_argument("--jobs", type=int, default=2, help="editions built at once (default: 2)")
    args = parser.parse_args()
    start = time.perf_counter()
    editions = build_site(Path(args.repo), Path(args.out), args.base_path, args.branch, args.jobs)
    names = ", ".join(e.name for e in editions)
    print(f"Built {len(editions)} editions ({names}) into {args.out}/ in {time.perf_counter() - start:.1f} s.")
    print(f"Serve it: python -m http.server --bind 127.0.0.1 --directory {args.out}")


if __name__ == "__main__":
    main()
