"""`gradcli run`: execute a formula file and print what it prints."""
from __future__ import annotations

import io
import sys

import click

from ..errors import UsageError, unreadable_file
from .common import (chosen_format, emit_json, expression_command_settings, format_options,
                     global_options, known_option_names, missing_value_error, open_output,
                     print_rich, settings, split_arguments, variable_options)


@click.command(context_settings=expression_command_settings())
@variable_options(metavar="FILE [--NAME VALUE]...")
@click.option("--inspect", is_flag=True,
              help="End with a table of every tensor variable: value, shape, dtype, "
                   "requires_grad, is_leaf, grad_fn, grad.")
@format_options()
@global_options(hidden_limits=True)
@click.pass_context
def run(ctx, args, var, inspect, fmt, as_json, output):
    """Run a formula file and print what it prints.

    FILE (- for stdin) is a Python-flavoured program that is also a PyTorch program (import
    torch, tensors, backward, print ...). Prints exactly what the program prints, on stdout;
    errors go to stderr with FILE:LINE:COL and a hint. --NAME VALUE (or -v NAME=VALUE)
    predefines NAME as a tensor (requires_grad False). With --json the printed text is
    captured into the document's "stdout" field.

    \b
    Examples:
      gradcli run samples/03_leaf_and_grad_fn.grad
      gradcli run samples/03_leaf_and_grad_fn.grad --inspect
      echo 'print(torch.ones(2) * 3)' | gradcli run -
      echo 'print((x * 2).sum())' | gradcli run - --x 1,2,3 --json
    """
    filename, values = split_arguments(args, var, need_expr=False, dash_is_stdin=False,
                                       known_options=known_option_names(ctx),
                                       extra_hint="run takes one FILE; to run many, use "
                                                  "`gradcli batch FILE...`")
    if filename is None:
        raise UsageError("missing the formula FILE to run", hint="gradcli run FILE (- for stdin)")
    source, shown_name = _read(filename)
    from .. import lang
    from ..render.model import RunReport, TensorView
    from .evaluate import engine_state
    cfg = settings()
    fmt = chosen_format(fmt, as_json)
    variables = _variables(values, cfg, known_option_names(ctx))
    with engine_state(cfg):
        if cfg.seed is not None:
            from ..ops.creation import manual_seed
            manual_seed(cfg.seed)
        if fmt == "json":
            captured = io.StringIO()
            namespace = lang.run_source(source, shown_name, limits=cfg.make_limits(),
                                        out=captured, variables=variables)
            from ..render.json_out import run_doc
            report = RunReport(shown_name, captured.getvalue(), _tensors(namespace, TensorView))
            emit_json(run_doc(report), output)
            return
        with open_output(output) as stream:
            namespace = lang.run_source(source, shown_name, limits=cfg.make_limits(),
                                        out=stream, variables=variables)
            if inspect:
                from ..render.rich_out import run_table
                report = RunReport(shown_name, None, _tensors(namespace, TensorView))
                print_rich(run_table(report), stream, to_file=output is not None)


def _read(filename: str) -> tuple[str, str]:
    """The source text of FILE (or stdin for -), and the name errors show."""
    from .common import read_source
    limits = settings().make_limits()
    if filename == "-":
        return read_source(sys.stdin, "<stdin>", limits), "<stdin>"
    try:
        return read_source(filename, filename, limits), filename
    except IsADirectoryError:
        raise UsageError(f"{filename} is a directory", hint="to run many files use "
                         "`gradcli batch DIR`") from None
    except OSError as e:
        raise unreadable_file(filename, e) from None


def _variables(values: dict, cfg, options: list) -> dict:
    """Tensors for the --NAME VALUE given to a program (plain data: no requires_grad)."""
    from .._tensor import Tensor
    from ..dtypes import get_default_dtype
    from ..values import parse_value
    from .evaluate import engine_state
    out = {}
    with engine_state(cfg):
        for name, text in values.items():
            if text is None:
                raise missing_value_error(name, options)
            out[name] = Tensor._wrap(parse_value(name, text, dtype=get_default_dtype().np,
                                                 limits=cfg.make_limits()))
    return out


def _tensors(namespace: dict, view) -> dict:
    from .._tensor import Tensor
    return {name: view.of(v) for name, v in namespace.items()
            if isinstance(v, Tensor) and not name.startswith("_")}
