/** The search run shared by every method (folder, lock, plan, phases, retraining, result) and the methods themselves. */
package dev.blocknas.nas.run;
