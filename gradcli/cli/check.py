"""`gradcli check`: analytic derivatives against central differences (gradcheck)."""
from __future__ import annotations

import click

from .common import (Number, chosen_format, emit_report, expression_command_settings,
                     format_options, global_options, known_option_names, settings,
                     split_arguments, variable_options)


@click.command(context_settings=expression_command_settings())
@variable_options
@click.option("--wrt", multiple=True, metavar="NAMES",
              help="Check the derivatives of these variables only (default: all).")
@click.option("--eps", type=Number(0, open_low=True), default=1e-6, show_default=True,
              help="Step of the central differences.")
@click.option("--atol", type=Number(0), default=1e-5, show_default=True, help="Absolute tolerance.")
@click.option("--rtol", type=Number(0), default=1e-3, show_default=True, help="Relative tolerance.")
@click.option("--first-order-only", is_flag=True, help="Skip gradgradcheck (second order).")
@format_options()
@global_options(hidden_limits=True)
@click.pass_context
def check(ctx, args, var, wrt, eps, atol, rtol, first_order_only, fmt, as_json, output):
    """Derivatives against central differences (gradcheck).

    As torch.autograd.gradcheck and gradgradcheck do, in float64: the analytic Jacobian
    (first order) and the Jacobian of the gradient (second order) must match central
    differences within atol + rtol * |numeric|. Exits 1 when they disagree, so it works in
    scripts and CI.

    \b
    Examples:
      gradcli check "sum(tanh(x)**2)" --x 0.5,-1,2
      gradcli check "softmax(x, dim=0)" --x 1,2,3 --json
      gradcli check "sum(abs(x))" --x 0,1 && echo ok || echo "not differentiable at 0"
    """
    from .evaluate import check_report, prepare
    expr, values = split_arguments(args, var, known_options=known_option_names(ctx))
    problem = prepare(expr, values, settings(), wrt=wrt, ctx=ctx)
    report = check_report(problem, eps=eps, atol=atol, rtol=rtol,
                          second_order=not first_order_only)
    emit_report(report, chosen_format(fmt, as_json), output, "check_doc", "check_table")
    if not report.ok:
        click.echo("check failed: analytic and numerical derivatives disagree: "
                   + ", ".join(report.failures), err=True)
        ctx.exit(1)
