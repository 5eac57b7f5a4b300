/** The blocknas program: one picocli command per file; user mistakes end in one sentence and exit code 2 ({@link dev.blocknas.nas.cli.UserErrors}). */
package dev.blocknas.nas.cli;
