/** Exact costs of a space's networks from their architecture (parameters, multiply-adds) and measured latency tables. */
package dev.blocknas.nas.cost;
