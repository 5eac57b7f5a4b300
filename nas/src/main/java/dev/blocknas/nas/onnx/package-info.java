/**
 * ONNX export: {@link dev.blocknas.nas.onnx.OnnxExport} turns a network into an ONNX model written with the
 * protobuf runtime and classes generated at build time from {@code src/main/proto/onnx.proto}.
 */
package dev.blocknas.nas.onnx;
