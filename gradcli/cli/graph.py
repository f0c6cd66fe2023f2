"""`gradcli graph`: the computation graph of an expression, as PyTorch records it."""
from __future__ import annotations

import click

from .common import (chosen_format, emit_json, emit_rich, expression_command_settings,
                     global_options, gradient_option, known_option_names, settings,
                     split_arguments, variable_options, write_lines)

FORMATS = ("tree", "table", "json", "dot", "mermaid")


@click.command(context_settings=expression_command_settings())
@variable_options
@click.option("--wrt", multiple=True, metavar="NAMES",
              help="Only these variables require grad (default: all).")
@gradient_option("Weights for a non-scalar output (PyTorch's grad_tensors).")
@click.option("--backward/--no-backward", default=True, show_default=True,
              help="Run backward to label each node with its gradient.")
@click.option("--saved", is_flag=True, help="Also show each node's saved tensors.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="tree", show_default=True,
              help="tree, table (Rich), json, dot (Graphviz) or mermaid.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write to FILE (atomically) instead of stdout.")
@global_options(hidden_limits=True)
@click.pass_context
def graph(ctx, args, var, wrt, gradient, backward, saved, fmt, as_json, output):
    """The computation graph of EXPR, as autograd records it.

    The tree goes grad_fn -> next_functions -> AccumulateGrad, each node with its value and
    (after backward) the gradient with respect to it. Leaves carry your variable
    names; `None` entries are inputs that need no gradient (constants). Node ids n0, n1, ...
    follow discovery order, so the output is the same on every run.

    \b
    Examples:
      gradcli graph "2*dot(x,x)" --x 0,1,2,3
      gradcli graph "sum(sin(x)*y)" --x 1,2 --y 3,4 --format table
      gradcli graph "mean(x**2)" --x 1,2,3 --format dot | dot -Tsvg > graph.svg
      gradcli graph "mean(x**2)" --x 1,2,3 --format mermaid -o graph.mmd
      gradcli graph "x*y" --x 2 --y 3 --saved --json
    """
    from ..render import graph_formats
    from .evaluate import graph_report, prepare
    expr, values = split_arguments(args, var, known_options=known_option_names(ctx))
    problem = prepare(expr, values, settings(), wrt=wrt, ctx=ctx)
    report = graph_report(problem, gradient, run_backward=backward, saved=saved)
    fmt = chosen_format(fmt, as_json)
    if fmt == "table":
        from ..render.rich_out import graph_table
        emit_rich(graph_table(report, saved=saved), output)
    elif fmt == "json":
        emit_json(graph_formats.graph_doc(report, saved=saved), output)
    else:
        write_lines(output, graph_formats.LINES[fmt](report, saved=saved))
