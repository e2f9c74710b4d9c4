"""Centrality of states in the yearly alliance network: degree, eigenvector and betweenness.

Input is a dyad-year alliance table such as ATOP's directed dyad-year file: columns ``ccode1``,
``ccode2``, ``year`` and any number of 0/1 obligation columns (every other column). A year's
network is the undirected simple graph with an edge {ccode1, ccode2} wherever *any* obligation
column of a row is 1; the two directed rows of a pair are therefore OR-ed. Its nodes are the
endpoints of its edges, so a row whose obligations are all 0 adds neither an edge nor a node, and a
row with ccode1 == ccode2 (a self-loop) is ignored: it adds neither an edge nor a node.

The measures are networkx's, on each year's graph ``G`` (:func:`graph_measures` is the plain
networkx reference):

* ``degree``: :func:`networkx.degree_centrality`;
* ``betweenness``: :func:`networkx.betweenness_centrality` (exact, normalised, no endpoints);
* ``eigenvector``: :func:`networkx.eigenvector_centrality_numpy` on the largest connected
  component (ties in size: the one holding the lowest ccode); 0.0 outside it, because eigenvector
  centrality is not defined on a disconnected graph.

:func:`state_centralities_by_year` computes the same numbers with numpy only, about 40 times faster than a
networkx loop (all of ATOP: 0.2 s against 9 s), because ``python -m alliance network-measures``
must process ATOP in at most 1.5 s, start-up included:

* nodes with the same closed neighbourhood (*closed twins*: members of the same multilateral pact
  and of nothing else) are merged into one weighted node; a shortest path never visits two nodes
  of one class, so path counts and dependencies carry over exactly, with class sizes as weights;
  this shrinks the 2018 graph from 186 nodes to 76;
* betweenness is Brandes' algorithm run from every source at once: breadth-first search level by
  level with dense matrix products for the path counts, then the dependency accumulation level by
  level backwards;
* the eigenvector is the top eigenvector of the symmetrised class matrix (``numpy.linalg.eigh``),
  expanded back to nodes and scaled to unit Euclidean norm and positive sign, as networkx does.

Results agree with networkx to about 1e-15 (the tests require 1e-9). networkx stays the book's
graph API; this module imports it only inside :func:`graph_measures`.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
import os
from collections.abc import Iterable, Mapping
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "HEADER",
    "REQUIRED_COLUMNS",
    "StateYear",
    "dyad_year_measures",
    "graph_measures",
    "read_dyad_years",
    "state_centralities_by_year",
    "write_measures",
]

#: Columns every dyad-year file must have; every other column is a 0/1 obligation column.
REQUIRED_COLUMNS = ("ccode1", "ccode2", "year")
#: Header of the file written by :func:`write_measures`.
HEADER = ("ccode", "year", "degree", "eigenvector", "betweenness")

#: Edge arrays of a whole file: every year present (sorted), then the undirected edges
#: ``(year, low, high)`` sorted by year; a pair's two directed rows give it twice (harmless).
_EdgeArrays = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


class StateYear(NamedTuple):
    """The three centralities of one state in one year's alliance network."""

    ccode: int
    year: int
    degree: float
    eigenvector: float
    betweenness: float


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def _problem(path: Path, line: int, column: str | None, value: str | None, message: str, rule: str) -> ValueError:
    """A ValueError worded like :class:`alliance.data.Problem`: file, line, column, value, rule."""
    where = f"{path}, line {line}" + ("" if column is None else f", column '{column}'")
    shown = "" if value is None else f": value {value!r}"
    return ValueError(f"{where}{shown}: {message} [rule: {rule}]")


def _read_text(path: Path) -> bytes:
    """The file's bytes, gunzipped if it is gzip (recognised by its magic number, not its name)."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    return raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark is not part of the header


def _header(path: Path, data: bytes) -> list[str]:
    """The column names, checked: the required ones present, no duplicates, one obligation column."""
    first = data.split(b"\n", 1)[0].removesuffix(b"\r").decode("utf-8")
    names = next(csv.reader([first]), [])
    if not names or names == [""]:
        raise _problem(path, 1, None, None, "the file is empty; it needs a header line", "empty-file")
    for column in REQUIRED_COLUMNS:
        if column not in names:
            raise _problem(path, 1, column, None, "required column is missing (need ccode1, ccode2, year)",
                           "missing-column")
    for name in names:
        if names.count(name) > 1:
            raise _problem(path, 1, name, None, "column appears more than once", "duplicate-column")
    if len(names) == len(REQUIRED_COLUMNS):
        raise _problem(path, 1, None, None, "no obligation column (every column but ccode1, ccode2, year)",
                       "missing-column")
    return names


def _parse_fast(body: bytes, ncol: int, obligation_cols: list[int]) -> np.ndarray | None:
    """Parse the rows below the header as an int64 array (rows x columns) with numpy.

    Accepts only the plain form of the file: every field one to 18 ASCII digits, every obligation
    field exactly ``0`` or ``1``, fields separated by ``,``, rows ended by ``\\n`` (``\\r\\n`` is
    fine), no blank line. Returns None for anything else, so that :func:`_parse_slow` can parse it
    or say exactly what is wrong (why: this reads ATOP in about a tenth of the csv module's time).
    """
    body = body.replace(b"\r\n", b"\n")
    if not body:
        return np.zeros((0, ncol), dtype=np.int64)
    if not body.endswith(b"\n"):
        body += b"\n"
    buf = np.frombuffer(body, dtype=np.uint8)
    is_sep = (buf == ord(",")) | (buf == ord("\n"))
    if np.count_nonzero((buf - np.uint8(ord("0"))) <= 9) + np.count_nonzero(is_sep) != buf.size:
        return None  # a byte that is neither a digit nor a separator (space, quote, letter, lone \r)
    sep = np.flatnonzero(is_sep)
    if sep.size % ncol:
        return None
    kinds = buf[sep].reshape(-1, ncol)
    if not ((kinds[:, :-1] == ord(",")).all() and (kinds[:, -1] == ord("\n")).all()):
        return None  # a row with too few or too many fields, or a blank line
    width = np.empty_like(sep)  # field widths; in place, because fresh pages are slow to touch
    width[0] = sep[0]
    np.subtract(sep[1:], sep[:-1], out=width[1:])
    width[1:] -= 1
    if width.min() < 1 or width.max() > 18:
        return None  # an empty field, or a number that might not fit in int64
    if (width.reshape(-1, ncol)[:, obligation_cols] != 1).any():
        return None
    # Now that the text is known to be digits and commas only, numpy's own number parser is safe.
    values = np.fromstring(body.replace(b"\n", b","), dtype=np.int64, sep=",").reshape(-1, ncol)
    if values[:, obligation_cols].max() > 1:
        return None
    return values


def _parse_slow(path: Path, data: bytes, names: list[str]) -> np.ndarray:
    """Parse the rows below the header with the csv module (quotes allowed); raise on the first
    bad row or field with its line number. Used only when :func:`_parse_fast` declines."""
    obligations = set(names) - set(REQUIRED_COLUMNS)
    rows: list[list[int]] = []
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    next(reader)
    previous = reader.line_num
    for fields in reader:
        line = previous + 1  # the line the row starts on (a quoted field may span lines)
        previous = reader.line_num
        if not fields:
            raise _problem(path, line, None, None, "blank line; every line must be a row", "blank-row")
        if len(fields) != len(names):
            raise _problem(path, line, None, None, f"{len(fields)} fields, but the header has {len(names)}",
                           "field-count")
        row = []
        for name, value in zip(names, fields, strict=True):
            if name in obligations:
                if value not in ("0", "1"):
                    raise _problem(path, line, name, value, "an obligation column must hold 0 or 1", "zero-one")
            elif not (value.isascii() and value.isdigit()):
                raise _problem(path, line, name, value, "must be a non-negative integer (digits only)", "integer")
            row.append(int(value))
        rows.append(row)
    return np.array(rows, dtype=np.int64).reshape(-1, len(names))


def _read_edge_arrays(path: str | os.PathLike[str]) -> _EdgeArrays:
    """Read and check a dyad-year file; return its years and undirected edges as arrays."""
    path = Path(path)
    data = _read_text(path)
    names = _header(path, data)
    _, _, body = data.partition(b"\n")
    obligation_cols = [i for i, name in enumerate(names) if name not in REQUIRED_COLUMNS]
    values = _parse_fast(body, len(names), obligation_cols)
    if values is None:
        values = _parse_slow(path, data, names)
    col = {name: values[:, i] for i, name in enumerate(names)}
    linked = values[:, obligation_cols].any(axis=1)
    year, a, b = col["year"], col["ccode1"], col["ccode2"]
    keep = linked & (a != b)  # a self-loop is ignored (ATOP v5.1 has none)
    order = np.argsort(year[keep], kind="stable")
    return np.unique(year), year[keep][order], np.minimum(a, b)[keep][order], np.maximum(a, b)[keep][order]


def dyad_year_measures(path: str | os.PathLike[str]) -> list[StateYear]:
    """``state_centralities_by_year(read_dyad_years(path))`` without building the Python edge sets (faster).

    What ``python -m alliance network-measures`` runs; same checks and errors as
    :func:`read_dyad_years`.
    """
    return _measures_from_arrays(*_read_edge_arrays(path))


def read_dyad_years(path: str | os.PathLike[str]) -> dict[int, frozenset[tuple[int, int]]]:
    """Read a dyad-year alliance file (``.csv`` or gzipped) into each year's undirected edge set.

    Edges are ``(low, high)`` ccode pairs; a pair is an edge in a year where any row of it (either
    direction) has an obligation column equal to 1. Every year present in the file is a key, with
    an empty set if no row of that year has an obligation. Self-loops are ignored. Raises
    ValueError naming file, line, column, value and rule for a missing required column, a field
    that is not a non-negative integer, an obligation value other than 0 or 1, a blank line or a
    row with the wrong number of fields.
    """
    years, year, low, high = _read_edge_arrays(path)
    bounds = [*np.searchsorted(year, years).tolist(), len(year)]
    low_list, high_list = low.tolist(), high.tolist()
    return {y: frozenset(zip(low_list[i:j], high_list[i:j], strict=True))
            for y, i, j in zip(years.tolist(), bounds, bounds[1:], strict=False)}


# ---------------------------------------------------------------------------------------------
# The fast engine
# ---------------------------------------------------------------------------------------------


def _brandes(adj: np.ndarray, weight: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Betweenness on a graph of weighted nodes (a node of weight w stands for w closed twins).

    ``adj`` is the 0/1 adjacency (float, zero diagonal), ``weight`` the node weights. Runs
    Brandes' algorithm from every source at once (rows are sources). Returns the raw betweenness
    of one twin of each class, summed over ordered source-target pairs (networkx's unnormalised
    value before halving), and the matrix of distances (-1: unreachable).
    """
    k = len(weight)
    eye = np.eye(k, dtype=bool)
    dist = np.where(eye, 0, -1).astype(np.int32)
    sigma = np.eye(k)  # shortest-path counts source -> node, inner nodes counted with their weight
    frontier = np.eye(k)
    levels = [eye]
    while True:
        reached = frontier @ adj
        new = (reached > 0) & (dist < 0)
        if not new.any():
            break
        dist[new] = len(levels)
        levels.append(new)
        counts = np.where(new, reached, 0.0)
        sigma += counts
        frontier = counts * weight  # a path may continue from any twin of the node reached
    inverse = np.divide(1.0, sigma, out=np.zeros_like(sigma), where=sigma > 0)
    through = sigma * weight
    delta = np.zeros((k, k))  # dependency of the source on the whole class
    for d in range(len(levels) - 1, 1, -1):
        share = np.where(levels[d], (weight + delta) * inverse, 0.0)
        delta += np.where(levels[d - 1], through * (share @ adj), 0.0)
    return (weight @ delta) / weight, dist


def _year_measures(codes: np.ndarray, low: np.ndarray, high: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Nodes (sorted ccodes) and their degree, eigenvector and betweenness for one year's edges.

    ``codes`` are the sorted ccodes of the whole file, ``low`` and ``high`` the edges' positions in it.
    """
    present = np.zeros(len(codes), dtype=bool)
    present[low] = present[high] = True
    members = np.flatnonzero(present)
    nodes, n = codes[members], len(members)
    local = np.zeros(len(codes), dtype=np.intp)
    local[members] = np.arange(n)
    adjacency = np.zeros((n, n), dtype=bool)
    adjacency[local[low], local[high]] = adjacency[local[high], local[low]] = True
    degree = adjacency.sum(axis=1) * (1.0 / (n - 1.0))  # networkx multiplies by 1 / (n - 1) too

    # Closed twins: equal rows of adjacency + identity. rep = one node a class, twin_class = a node's class.
    closed = np.packbits(adjacency | np.eye(n, dtype=bool), axis=1)
    row_keys = closed.view(np.dtype((np.void, closed.shape[1]))).reshape(-1)  # one bytes key a row
    _, rep, twin_class, size = np.unique(row_keys, return_index=True, return_inverse=True, return_counts=True)
    twin_class = twin_class.reshape(-1)
    adj = adjacency[np.ix_(rep, rep)].astype(float)
    weight = size.astype(float)

    raw, dist = _brandes(adj, weight)
    scale = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 1.0  # networkx: 1 / ((n-1)(n-2)), none for n <= 2
    betweenness = raw[twin_class] * scale

    # Largest component (ties: the one holding the lowest ccode, i.e. the lowest node index).
    first_node = np.full(len(rep), n)
    np.minimum.at(first_node, twin_class, np.arange(n))
    reach = dist >= 0
    component = np.where(reach, first_node, n).min(axis=1)  # a class's component, by its first node
    people = reach @ weight
    chosen = component == component[people == people.max()].min()

    # Eigenvector: for twins x_u = x_v, so A x = lx becomes S z = lz with z = sqrt(w) x and
    # S = sqrt(w_i w_j) [i ~ j] + (w_i - 1) on the diagonal (a class is a clique), symmetric.
    root = np.sqrt(weight[chosen])
    sym = adj[np.ix_(chosen, chosen)] * np.outer(root, root) + np.diag(weight[chosen] - 1.0)
    top = np.linalg.eigh(sym)[1][:, -1] / root
    per_class = np.zeros(len(rep))
    per_class[chosen] = top
    eigenvector = per_class[twin_class]
    eigenvector /= np.sign(eigenvector.sum()) * np.linalg.norm(eigenvector)
    return nodes, degree, eigenvector, betweenness


def _measures_from_arrays(years: np.ndarray, year: np.ndarray, low: np.ndarray, high: np.ndarray) -> list[StateYear]:
    """Run :func:`_year_measures` on every year of the edge arrays; rows sorted by year, ccode."""
    rows: list[StateYear] = []
    codes, position = np.unique(np.concatenate([low, high]), return_inverse=True)
    low, high = position[:len(low)], position[len(low):]
    bounds = [*np.searchsorted(year, years).tolist(), len(year)]
    for y, i, j in zip(years.tolist(), bounds, bounds[1:], strict=False):
        if i == j:
            continue  # a year without edges has no nodes
        nodes, degree, eigenvector, betweenness = _year_measures(codes, low[i:j], high[i:j])
        rows.extend(StateYear(v, y, d, e, b) for v, d, e, b in zip(
            nodes.tolist(), degree.tolist(), eigenvector.tolist(), betweenness.tolist(), strict=True))
    return rows


def state_centralities_by_year(edges_by_year: Mapping[int, Iterable[tuple[int, int]]]) -> list[StateYear]:
    """Degree, eigenvector and betweenness centrality of every state in every year (the fast engine).

    ``edges_by_year`` is what :func:`read_dyad_years` returns: ``(low, high)`` pairs with
    low < high (anything else raises ValueError). Rows come sorted by year, then ccode; a year
    without edges gives no rows. Same definitions as :func:`graph_measures`.
    """
    years = sorted(edges_by_year)
    pairs = [np.fromiter(chain.from_iterable(edges_by_year[y]), dtype=np.int64).reshape(-1, 2) for y in years]
    for y, p in zip(years, pairs, strict=True):
        if (p[:, 0] >= p[:, 1]).any():
            raise ValueError(f"year {y}: edges must be (low, high) pairs with low < high")
    all_pairs = np.concatenate([*pairs, np.zeros((0, 2), dtype=np.int64)])
    year = np.repeat(np.array(years, dtype=np.int64), [len(p) for p in pairs])
    return _measures_from_arrays(np.array(years, dtype=np.int64), year, all_pairs[:, 0], all_pairs[:, 1])


# ---------------------------------------------------------------------------------------------
# The networkx reference and the output file
# ---------------------------------------------------------------------------------------------


def graph_measures(G: nx.Graph) -> dict[object, tuple[float, float, float]]:
    """``{node: (degree, eigenvector, betweenness)}`` for one graph, with plain networkx calls.

    The reference for :func:`state_centralities_by_year` (same definitions; nodes must be comparable, for the
    tie rule). Slow: use it to check, not to compute the book's tables.
    """
    import networkx as nx

    if len(G) == 0:
        return {}
    degree = nx.degree_centrality(G)
    betweenness = nx.betweenness_centrality(G)
    largest = max(nx.connected_components(G), key=lambda c: (len(c), -min(c)))
    if len(largest) <= 2:
        # ARPACK needs at least 3 nodes (scipy raises TypeError on a sparse 1x1 or 2x2 matrix); the
        # Perron vector of one node or one edge is 1/sqrt(size) on each node.
        eigenvector = dict.fromkeys(largest, 1 / math.sqrt(len(largest)))
    else:
        eigenvector = nx.eigenvector_centrality_numpy(G.subgraph(largest))
    return {v: (degree[v], eigenvector.get(v, 0.0), betweenness[v]) for v in G}


def write_measures(rows: Iterable[tuple[int, int, float, float, float]], path: str | os.PathLike[str]) -> None:
    """Write rows as CSV with header ``ccode,year,degree,eigenvector,betweenness``.

    Floats are written with ``repr`` (the shortest string that reads back to the same float), so
    the file is deterministic and loses no precision.
    """
    lines = [",".join(HEADER)]
    lines.extend(f"{c},{y},{float(d)!r},{float(e)!r},{float(b)!r}" for c, y, d, e, b in rows)
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
