"""`gradcli jacobian`: every first derivative of every output element."""
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
def jacobian(ctx, args, var, wrt, fmt, as_json, output):
    """The full Jacobian of EXPR.

    As torch.autograd.functional.jacobian computes it: shape output.shape + input.shape,
    one backward pass per output element.

    \b
    Examples:
      gradcli jacobian "x*x" --x 1,2,3
      gradcli jacobian "W @ x" --W "1,2;3,4" --x 1,1 --json
      gradcli jacobian "softmax(x, dim=0)" --x 1,2,3 --dtype float64
    """
    from .evaluate import matrix_report, prepare
    expr, values = split_arguments(args, var, known_options=known_option_names(ctx))
    problem = prepare(expr, values, settings(), wrt=wrt, ctx=ctx)
    emit_report(matrix_report(problem, "jacobian"), chosen_format(fmt, as_json), output,
                "matrix_doc", "matrix_view")
