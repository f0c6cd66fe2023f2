"""`gradcli hessian`: every second derivative of a scalar expression."""
from __future__ import annotations

import click

from .common import (chosen_format, emit_report, expression_command_settings, format_options,
                     global_options, known_option_names, settings, split_arguments,
                     variable_options)


@click.command(context_settings=expression_command_settings())
@variable_options
@click.option("--wrt", multiple=True, metavar="NAMES",
              help="Differentiate with respect to these variables only (default: all).")
@format_options()
@global_options(hidden_limits=True)
@click.pass_context
def hessian(ctx, args, var, wrt, fmt, as_json, output):
    """The full Hessian of a scalar EXPR.

    As torch.autograd.functional.hessian computes it:
    one block d²out/da db of shape a.shape + b.shape for each pair of variables.

    \b
    Examples:
      gradcli hessian "sum(x**3)" --x 1,2,3
      gradcli hessian "x*y + x**2" --x 1 --y 2
      gradcli hessian "dot(x, A @ x)" --x 1,2 --A "2,1;1,3" --wrt x --json
    """
    from .evaluate import matrix_report, prepare
    expr, values = split_arguments(args, var, known_options=known_option_names(ctx))
    problem = prepare(expr, values, settings(), wrt=wrt, ctx=ctx)
    emit_report(matrix_report(problem, "hessian"), chosen_format(fmt, as_json), output,
                "matrix_doc", "matrix_view")
