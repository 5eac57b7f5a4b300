/** Learning-rate schedules as pure functions of (step, steps per epoch), with linear warm-up. */
package dev.blocknas.layers.schedule;
