/** Search spaces: blocks, cells and operations, the presets and their JSON form. */
package dev.blocknas.supernet.space;
