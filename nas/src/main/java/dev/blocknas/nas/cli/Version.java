package dev.blocknas.nas.cli;

import picocli.CommandLine;

/** The version from the jar manifest. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"blocknas " + (v == null ? "(development build)" : v)};
    }
}
