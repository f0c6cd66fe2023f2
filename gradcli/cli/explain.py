"""`gradcli explain`: the backward pass step by step, the chain rule made visible."""
from __future__ import annotations

import click

from .common import (chosen_format, emit_report, expression_command_settings, format_options,
                     global_options, gradient_option, known_option_names, settings,
                     split_arguments, variable_options)


@click.command(context_settings=expression_command_settings())
@variable_options
@click.option("--wrt", multiple=True, metavar="NAMES",
              help="Only these variables require grad (default: all).")
@gradient_option("Weights for a non-scalar output (PyTorch's grad_tensors).")
@format_options()
@global_options(hidden_limits=True)
@click.pass_context
def explain(ctx, args, var, wrt, gradient, fmt, as_json, output):
    """The backward pass of EXPR, node by node.

    The nodes come in the order the engine runs them. For each node: the value it computed,
    the gradient flowing in, its local derivative rule, and the gradient it sends to each
    input (next_functions), down to the leaves, whose .grad accumulates. Node ids are the
    ones `gradcli graph` shows.

    \b
    Examples:
      gradcli explain "2*dot(x,x)" --x 0,1,2,3
      gradcli explain "mean(sigmoid(w*x + b))" --w 0.5 --x 1,2,3 --b 0.1
      gradcli explain "x*x" --x 1,2 --gradient 1,0.5 --json
    """
    from .evaluate import explain_report, prepare
    expr, values = split_arguments(args, var, known_options=known_option_names(ctx))
    problem = prepare(expr, values, settings(), wrt=wrt, ctx=ctx)
    emit_report(explain_report(problem, gradient), chosen_format(fmt, as_json), output,
                "explain_doc", "explain_view")
