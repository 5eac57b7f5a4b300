/** The weight-sharing supernet: blocks of choice cells and layers, spring layers, width adapters and the mask of operations still on. */
package dev.blocknas.supernet.net;
