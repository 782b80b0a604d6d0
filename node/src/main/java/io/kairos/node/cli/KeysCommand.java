package io.kairos.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kairos keys}: create and inspect encrypted keystore files (see docs/keys.md). */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = "Create and inspect encrypted keystore files.",
    subcommands = {KeysNewCommand.class, KeysShowCommand.class})
public final class KeysCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
