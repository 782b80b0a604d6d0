package io.kairos.node.validator;

import io.kairos.node.cli.CommandError;
import io.kairos.node.cli.CommandException;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Validators as child processes: {@code kairos node --config FILE} for each node config, started
 * with this JVM's java binary, its JVM flags (the launcher's {@code jvm.options}, as this process
 * received them) and its class path. Output goes to {@code logDir/validator-i.log}, appended across
 * restarts. Used by {@code kairos devnet --validators N} and the multi-process tests.
 *
 * <p>Threading: the methods are synchronized; any thread may call them.
 */
public final class ProcessCluster implements AutoCloseable {
    private final List<Path> configs;
    private final Path logDir;
    private final List<String> nodeArgs;
    private final Process[] processes;

    /**
     * @param configs  {@code configs.get(i)} is validator i's node.json
     * @param nodeArgs extra arguments of {@code kairos node} (e.g. {@code --quiet}, {@code --sync none})
     */
    public ProcessCluster(final List<Path> configs, final Path logDir, final List<String> nodeArgs) {
        this.configs = List.copyOf(configs);
        this.logDir = logDir;
        this.nodeArgs = List.copyOf(nodeArgs);
        this.processes = new Process[configs.size()];
    }

    /** java, this JVM's flags (debug agents left out) and class path, ready for a main class. */
    public static List<String> javaCommand() {
        final List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (final String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-javaagent") && !a.startsWith("-agentlib") && !a.startsWith("-agentpath")
                && !a.startsWith("-Xrunjdwp")) {
                cmd.add(a);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        return cmd;
    }

    public int size() {
        return configs.size();
    }

    public Path log(final int index) {
        return logDir.resolve("validator-" + index + ".log");
    }

    /** Starts validator {@code index} (again, after a kill or stop). */
    public synchronized void start(final int index) {
        if (alive(index)) {
            throw new IllegalStateException("validator " + index + " is running");
        }
        final List<String> cmd = javaCommand();
        cmd.add("io.kairos.node.Main");
        cmd.add("node");
        cmd.add("--config");
        cmd.add(configs.get(index).toString());
        cmd.addAll(nodeArgs);
        try {
            // A file, not a pipe: nobody has to drain it, and a killed child's last lines are kept.
            processes[index] = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(index).toFile())).start();
        } catch (final IOException e) {
            throw new CommandException(CommandError.IO, "cannot start validator " + index + ": " + e.getMessage(), e);
        }
    }

    public synchronized boolean alive(final int index) {
        return processes[index] != null && processes[index].isAlive();
    }

    /** The child's process id, or -1 when it is not running. */
    public synchronized long pid(final int index) {
        return alive(index) ? processes[index].pid() : -1;
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. Waits until the process is gone. */
    public synchronized void kill9(final int index) throws InterruptedException {
        final Process p = processes[index];
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * SIGTERM and wait for a clean exit (then SIGKILL after {@code timeoutSeconds}); returns the exit
     * code, -1 if it was not running.
     */
    public synchronized int terminate(final int index, final long timeoutSeconds) throws InterruptedException {
        final Process p = processes[index];
        if (p == null || !p.isAlive()) {
            return p == null ? -1 : p.exitValue();
        }
        p.destroy();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        return p.exitValue();
    }

    /** SIGTERM to every running validator at once, then waits for each; returns their exit codes. */
    public synchronized int[] terminateAll(final long timeoutSeconds) throws InterruptedException {
        for (final Process p : processes) {
            if (p != null && p.isAlive()) {
                p.destroy();
            }
        }
        final int[] codes = new int[processes.length];
        for (int i = 0; i < processes.length; i++) {
            codes[i] = terminate(i, timeoutSeconds);
        }
        return codes;
    }

    @Override
    public void close() {
        try {
            terminateAll(30);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            for (final Process p : processes) {
                if (p != null) {
                    p.destroyForcibly();
                }
            }
        }
    }
}
