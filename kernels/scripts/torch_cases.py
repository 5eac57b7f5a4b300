"""Runs groups of the PyTorch anchor's cases (torch_anchor.py, staged into .gpu/ by ../shared/gpu/stage.sh)
and rewrites the JSON after every case, so a device call cut short keeps what was measured before the cut.
The anchor's own main block runs every case and writes only at the end; importing it runs nothing.

Usage: python3 torch_cases.py ANCHOR_DIR OUT.json GROUP...
  dwconv       the seven depthwise convolutions, forward and backward
  cells        the three MBConv training steps
  supernet32   the single-path supernet training step, N256 H32, 10 classes
  supernet224  the same at N128 H224, 1000 classes (fp32, TF32 off)
"""
import json
import os
import sys

DW = [(128, 96, 112, 3, 2), (128, 144, 56, 3, 1), (128, 240, 28, 5, 1), (128, 480, 14, 7, 1), (128, 1152, 7, 5, 1),
      (256, 96, 32, 3, 1), (256, 192, 16, 5, 1)]
CELLS = [(128, 40, 40, 28, 5, 6, 1), (128, 24, 40, 56, 7, 3, 2), (256, 32, 32, 32, 3, 6, 1)]


def main():
    anchor_dir, out, groups = sys.argv[1], sys.argv[2], sys.argv[3:]
    sys.path.insert(0, anchor_dir)
    import torch_anchor as a
    import torch

    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    print(torch.__version__, torch.cuda.get_device_name(), 'cudnn', torch.backends.cudnn.version(), flush=True)

    def flush():
        tmp = out + '.tmp'
        with open(tmp, 'w') as f:
            json.dump(a.res, f, indent=1)
        os.replace(tmp, out)

    cases = {
        'dwconv': [lambda c=c: a.dw_case(*c) for c in DW],
        'cells': [lambda c=c: a.cell_case(*c) for c in CELLS],
        'supernet32': [lambda: a.supernet_case(256, 32, 10)],
        'supernet224': [lambda: a.supernet_case(128, 224, 1000)],
    }
    for g in groups:
        if g not in cases:
            sys.exit('torch_cases.py: unknown group ' + g + ' (' + ', '.join(cases) + ')')
        for run in cases[g]:
            run()
            flush()


if __name__ == '__main__':
    main()
