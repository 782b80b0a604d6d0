package io.kairos.node.cli;

import io.kairos.engine.core.KairosException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root {@code kairos} command; every subcommand is registered here. */
@Command(name = "kairos",
    mixinStandardHelpOptions = true,
    versionProvider = KairosCommand.Version.class,
    description = "Kairos: a high-performance BFT ledger engine.",
    subcommands = {
        DevnetCommand.class,
        NodeCommand.class,
        KeysCommand.class,
        InitCommand.class,
        InspectCommand.class,
        SimulateCommand.class,
        io.kairos.node.rpc.RpcLoadCommand.class,
        CommandLine.HelpCommand.class
    })
public final class KairosCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The configured command line: typed Kairos errors print as one clear line (their code and
     * message) with exit code 2, never as a stack trace.
     */
    public static CommandLine commandLine() {
        final CommandLine cl = new CommandLine(new KairosCommand());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof KairosException ke) {
                cmd.getErr().println("error: " + ke.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            final String v = KairosCommand.class.getPackage().getImplementationVersion();
            return new String[] {"kairos " + (v == null ? "development build" : v)};
        }
    }
}
