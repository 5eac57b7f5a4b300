/**
 * Modules and layers: {@link dev.blocknas.layers.nn.Module} (named parameters, buffers and children, state
 * dicts, train/eval, device moves, safetensors save/load), the layers of MobileNet/EfficientNet networks
 * ({@link dev.blocknas.layers.nn.Conv2d}, {@link dev.blocknas.layers.nn.DepthwiseConv2d},
 * {@link dev.blocknas.layers.nn.BatchNorm2d}, {@link dev.blocknas.layers.nn.Linear},
 * {@link dev.blocknas.layers.nn.SqueezeExcite}, {@link dev.blocknas.layers.nn.MBConv},
 * {@link dev.blocknas.layers.nn.Stem}, {@link dev.blocknas.layers.nn.Head}) and the loss.
 */
package dev.blocknas.layers.nn;
