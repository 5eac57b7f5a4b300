/**
 * Image classification data sets, file readers, augmentation and a background batch loader.
 *
 * <p>Everything here works on host {@code float[]} arrays in CHW (per sample) or NCHW (per
 * {@link dev.blocknas.layers.data.Batch}) order and deliberately knows nothing about tensors, so
 * that the tensor API can evolve independently; a thin adapter turns a {@code Batch} into device
 * tensors.
 *
 * <p>Sources: {@link dev.blocknas.layers.data.Mnist} (including a 10,000-digit set embedded in
 * the jar), {@link dev.blocknas.layers.data.Cifar}, {@link dev.blocknas.layers.data.ImageFolder}
 * and {@link dev.blocknas.layers.data.Synthetic}. Views: {@link dev.blocknas.layers.data.Padded},
 * {@link dev.blocknas.layers.data.Subset}, {@link dev.blocknas.layers.data.Split}. Every problem
 * with a data file is reported as a {@link dev.blocknas.layers.data.DataFormatException} whose
 * message names the file.
 */
package dev.blocknas.layers.data;
