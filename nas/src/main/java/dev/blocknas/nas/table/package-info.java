/** Ground-truth tables of stand-alone accuracies (sampling, CSV) and how well a run's ratings rank their networks. */
package dev.blocknas.nas.table;
