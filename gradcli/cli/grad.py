"""`gradcli grad`: the value of an expression and the gradient of each variable."""
from __future__ import annotations

import click

from .common import (chosen_format, emit_report, expression_command_settings, format_options,
                     global_options, gradient_option, known_option_names, settings,
                     split_arguments, variable_options)


@click.command(context_settings=expression_command_settings())
@variable_options
@click.option("--wrt", multiple=True, metavar="NAMES",
              help="Only these variables require grad (comma-separated; default: all).")
@gradient_option("Weights for a non-scalar output: PyTorch's grad_tensors, shaped like it.")
@click.option("--create-graph", is_flag=True,
              help="Build the graph of the backward pass (the gradients get a grad_fn).")
@click.option("--order", type=click.IntRange(1, 16), default=1, show_default=True,
              help="Also derivatives of order 2..N: grad(previous.sum(), x).")
@click.option("--check", is_flag=True,
              help="Show central differences (float64) beside each gradient; exit 1 if they "
                   "disagree.")
@format_options()
@global_options(hidden_limits=True)
@click.pass_context
def grad(ctx, args, var, wrt, gradient, create_graph, order, check, fmt, as_json, output):
    """Value of EXPR and the gradient of each variable.

    Evaluates EXPR, calls backward() on it and shows the output's value, shape and grad_fn,
    and for each variable its value, requires_grad, is_leaf and gradient (PyTorch's .grad).

    Give each variable a value with --NAME VALUE (or -v NAME=VALUE for any name): a
    number 2.5, a list 0,1,2,3, rows 1,2;3,4, a nested list [[1,2],[3,4]], a constant
    formula such as arange(4) or randn(3,3) (see --seed), or @FILE (.npy, .json, .csv,
    .txt; @- reads stdin). EXPR - reads the expression from stdin.

    \b
    Examples:
      gradcli grad "2*dot(x,x)" --x 0,1,2,3
      gradcli grad "2*dot(x,x)" --x 0,1,2,3 --json
      gradcli grad "sum(W @ x)" --W "1,2;3,4" --x 1,1 --wrt W
      gradcli grad "x**3" --x 2 --order 3
      gradcli grad "x*x" --x 1,2,3 --gradient 1,1,1
      gradcli grad "sum(sin(x))" --x "randn(5)" --seed 0 --check
      gradcli grad "sum(x*x)" -v x="arange(4)" --dtype float64 -o grad.json --json
    """
    from .evaluate import grad_report, prepare
    expr, values = split_arguments(args, var, known_options=known_option_names(ctx))
    problem = prepare(expr, values, settings(), wrt=wrt, ctx=ctx)
    report = grad_report(problem, gradient, order=order, create_graph=create_graph,
                         check=check)
    emit_report(report, chosen_format(fmt, as_json), output, "grad_doc", "grad_table")
    if check and not report.ok:
        failed = ", ".join(n for n, c in report.checks.items() if not c.ok)
        click.echo(f"check failed: the gradient of {failed} disagrees with central "
                   "differences", err=True)
        ctx.exit(1)
