/** The HTML report of a run and its charts. */
package dev.blocknas.nas.report;
