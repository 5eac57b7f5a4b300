package dev.blocknas.nas.cli;

import dev.blocknas.nas.run.SearchMethods;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/** The {@code blocknas} program. */
@Command(name = "blocknas", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Block-wise neural architecture search on NVIDIA GPUs (or the CPU), in pure Java.",
        subcommands = {InfoCommand.class, SearchCommand.class, SelectCommand.class, TrainCommand.class,
                EvalCommand.class, ExportCommand.class,
                RankCommand.class, TableCommand.class, CompareCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    private static final String NO_RELAUNCH = "BLOCKNAS_NO_RELAUNCH";

    public static void main(String[] args) {
        if (needsRelaunch()) System.exit(relaunch(args));
        System.exit(run(args));
    }

    /** Runs the program in this JVM and returns its exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new UserErrors());
        cl.setParameterExceptionHandler(UserErrors::badOption);
        cl.getSubcommands().get("search").getCommandSpec().usageMessage()
                .footer("%nSearch methods:" + SearchMethods.help().replace("%", "%%"));
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            // thrown past picocli's handler, which takes exceptions only
            System.err.println("blocknas: " + UserErrors.outOfMemory());
            return 2;
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /**
     * The host backend needs the JDK's Vector API module for speed, which a plain {@code java -jar} does not
     * load and a jar manifest cannot request: start once more with it.
     */
    private static boolean needsRelaunch() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty() && System.getenv(NO_RELAUNCH) == null
                && ProcessHandle.current().info().command().isPresent();
    }

    private static int relaunch(String[] args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().get());
        // the options the blocknas launcher starts with too (jvm.options); the options this JVM was started
        // with (a heap size, a collector) come after and win
        List<String> given = ManagementFactory.getRuntimeMXBean().getInputArguments();
        cmd.addAll(JvmOptions.before(given));
        cmd.addAll(given);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put(NO_RELAUNCH, "1");
        Process child;
        try {
            child = pb.start();
        } catch (Exception e) {
            return run(args);
        }
        Thread errors = IncubatorWarning.forward(child, System.err);
        // Ctrl-C reaches both JVMs, a kill only this one: either way the other is stopped too, and its last
        // words (how to resume) are passed on before this one goes.
        Thread stop = new Thread(() -> {
            // the handle's signal, not Process.destroy, which would close the stream still being forwarded
            child.toHandle().destroy();
            awaitEnd(child, errors);
        });
        Runtime.getRuntime().addShutdownHook(stop);
        awaitEnd(child, errors);
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs and waits for the same end
        }
        return child.exitValue();
    }

    private static void awaitEnd(Process child, Thread errors) {
        try {
            child.waitFor();
            errors.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
