"""Route selection as API Gateway HTTP APIs do it: the most specific route wins.

For each route whose path matches, literal segments beat `{param}` segments, which beat a
greedy `{proxy+}`; at equal paths an exact method beats `ANY`. With no match, `$default`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

from littlelemon.gateway.routes import DEFAULT_ROUTE, Route

LITERAL, PARAMETER, GREEDY = 3, 2, 1


@dataclass(frozen=True)
class RouteMatch:
    """The route chosen for a request and the path parameters it captured."""

    route: Route
    path_parameters: dict[str, str]


def _match_path(template: str, path: str) -> tuple[tuple[int, ...], dict[str, str]] | None:
    """(specificity, parameters) when `path` fits `template`, else None."""
    template_parts = template.split("/")[1:]
    path_parts = path.split("/")[1:]
    scores: list[int] = []
    parameters: dict[str, str] = {}
    for index, part in enumerate(template_parts):
        if part.startswith("{") and part.endswith("+}"):
            rest = path_parts[index:]
            if not rest or rest == [""]:
                return None  # a greedy variable needs at least one character
            parameters[part[1:-2]] = unquote("/".join(rest))
            scores.append(GREEDY)
            return tuple(scores), parameters
        if index >= len(path_parts):
            return None
        if part.startswith("{") and part.endswith("}"):
            if not path_parts[index]:
                return None
            parameters[part[1:-1]] = unquote(path_parts[index])
            scores.append(PARAMETER)
        elif part == path_parts[index]:
            scores.append(LITERAL)
        else:
            return None
    if len(path_parts) != len(template_parts):
        return None
    return tuple(scores), parameters


def match_route(routes: Iterable[Route], method: str, path: str) -> RouteMatch | None:
    """The route API Gateway would pick for `method path` (path without stage), or None."""
    best: tuple[tuple[tuple[int, ...], int], RouteMatch] | None = None
    default: Route | None = None
    for route in routes:
        if route.path == DEFAULT_ROUTE:
            default = route
            continue
        if route.method not in (method, "ANY"):
            continue
        matched = _match_path(route.path, path)
        if matched is None:
            continue
        scores, parameters = matched
        rank = (scores, 1 if route.method == method else 0)
        if best is None or rank > best[0]:
            best = (rank, RouteMatch(route, parameters))
    if best is not None:
        return best[1]
    if default is not None:
        return RouteMatch(default, {})
    return None
