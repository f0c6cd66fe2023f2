"""`gradcli ops`: every function gradcli knows, read from the one op registry."""
from __future__ import annotations

import click

from .common import chosen_format, emit_report, format_options, global_options


@click.command()
@click.argument("pattern", required=False)
@click.option("--category", metavar="NAME",
              help="Only this category (arithmetic, reduction, linear algebra, ...).")
@format_options()
@global_options(hidden_limits=True)
def ops(pattern, category, fmt, as_json, output):
    """Every function: signature, grad_fn, derivative rule.

    PATTERN keeps the names that contain it (or match it, with * ?).

    \b
    Examples:
      gradcli ops
      gradcli ops soft
      gradcli ops "*_loss" --json
      gradcli ops --category reduction
    """
    import fnmatch

    from ..errors import UsageError
    from ..ops.registry import REGISTRY
    from ..render.model import OpRow
    categories = sorted({info.category for info in REGISTRY.values()})
    if category is not None and category not in categories:
        import difflib
        close = difflib.get_close_matches(category, categories, n=1)
        raise UsageError(f"--category {category!r}: there is no such category",
                         hint=(f"did you mean {close[0]!r}? " if close else "") +
                         "the categories are: " + ", ".join(categories))
    rows = []
    for info in REGISTRY.values():
        if pattern and not (fnmatch.fnmatchcase(info.name, pattern)
                            if any(c in pattern for c in "*?[") else pattern in info.name):
            continue
        if category and info.category != category:
            continue
        rows.append(OpRow(info.name, info.signature, info.grad_fn, info.rule, info.category,
                          info.method, list(info.namespaces), info.differentiable))
    rows.sort(key=lambda o: (o.category, o.name))
    emit_report(rows, chosen_format(fmt, as_json), output, "ops_doc", "ops_table")
