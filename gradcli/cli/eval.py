"""`gradcli eval`: the forward pass only: the value of an expression."""
from __future__ import annotations

import click

from .common import (chosen_format, emit_report, expression_command_settings, format_options,
                     global_options, known_option_names, settings, split_arguments,
                     variable_options)


@click.command("eval", context_settings=expression_command_settings())
@variable_options
@click.option("--wrt", multiple=True, metavar="NAMES",
              help="Only these variables require grad (default: all floating ones).")
@format_options()
@global_options(hidden_limits=True)
@click.pass_context
def eval_(ctx, args, var, wrt, fmt, as_json, output):
    """Value of EXPR (forward only).

    Shows the value, shape, dtype and grad_fn of EXPR, and the variables.

    Variables take values as in `gradcli grad` (--NAME VALUE or -v NAME=VALUE).

    \b
    Examples:
      gradcli eval "2*dot(x,x)" --x 0,1,2,3
      gradcli eval "softmax(x, dim=0)" --x 1,2,3 --json
      gradcli eval "W @ x + b" --W "1,2;3,4" --x 1,1 --b 0.5,-0.5
      gradcli --seed 0 eval "randn(2,3)"
    """
    from .evaluate import eval_report, prepare
    expr, values = split_arguments(args, var, known_options=known_option_names(ctx))
    problem = prepare(expr, values, settings(), wrt=wrt, ctx=ctx)
    emit_report(eval_report(problem), chosen_format(fmt, as_json), output, "eval_doc",
                "eval_table")
