"""The closing table of a device run, from the files device-run.sh left under OUT: ours against cuDNN and
PyTorch on the same call (depthwise forward and backward for the anchor's seven workloads, the MBConv and
supernet training steps), the device, and every step's status. Needs no torch; a missing file or case
shows as '-'.

Usage: python3 device_summary.py OUT
"""
import json
import os
import sys


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print('(' + os.path.basename(path) + ': ' + str(e) + ')')
        return {}


def ms(v):
    return '-' if v is None else '%.3f' % v


def ratio(torch, ours):
    return '-' if torch is None or not ours else '%.2fx' % (torch / ours)


def main():
    out = sys.argv[1]
    gpu = os.path.join(out, 'gpu.txt')
    if os.path.exists(gpu):
        print('device: ' + ' | '.join(line.strip() for line in open(gpu) if line.strip()))
    ours = load(os.path.join(out, 'depthwise.json'))
    torch = {}
    for name in ('torch-train.json', 'torch-rest.json'):
        torch.update(load(os.path.join(out, name)))
    if ours.get('device'):
        print('ours: ' + ours['device'] + '; copy %s GB/s' % ours.get('copy_GBps', '-'))
    print()
    print('%-34s %9s %9s %9s %8s | %9s %9s %9s %8s' % ('depthwise (ms)', 'ours fwd', 'cuDNN', 'torch', 'torch/us',
                                                      'ours bwd', 'cuDNN', 'torch', 'torch/us'))
    for name, r in ours.get('cases', {}).items():
        t = torch.get(name, {})
        print('%-34s %9s %9s %9s %8s | %9s %9s %9s %8s' % (
            name.replace('dwconv ', '').replace(' float32', ''), ms(r.get('ours_fwd_ms')), ms(r.get('cudnn_fwd_ms')),
            ms(t.get('fwd_ms')), ratio(t.get('fwd_ms'), r.get('ours_fwd_ms')), ms(r.get('ours_bwd_ms')),
            ms(r.get('cudnn_bwd_ms')), ms(t.get('bwd_ms')), ratio(t.get('bwd_ms'), r.get('ours_bwd_ms')))
              + ('  ERROR ' + r['error'] if r.get('error') else ''))
    steps = load(os.path.join(out, 'train-steps.json'))
    print()
    print('%-52s %9s %9s %8s' % ('training step (ms)', 'ours', 'torch', 'torch/us'))
    for name in list(steps) + [n for n in torch if 'train step' in n and n not in steps]:
        o = steps.get(name, {}).get('ms')
        t = torch.get(name, {}).get('ms')
        print('%-52s %9s %9s %8s' % (name, ms(o), ms(t), ratio(t, o)))
    status = os.path.join(out, 'steps.txt')
    if os.path.exists(status):
        print()
        print(open(status).read().rstrip())


if __name__ == '__main__':
    main()
