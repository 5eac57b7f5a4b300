/** JMH benchmarks of the CPU backend: GEMM, convolutions, depthwise convolutions, batch norm and whole MBConv training steps. */
package dev.blocknas.bench.cpu;
