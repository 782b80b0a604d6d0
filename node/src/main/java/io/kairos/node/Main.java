package io.kairos.node;

import io.kairos.node.cli.KairosCommand;
import picocli.CommandLine;

/** Entry point of {@code bin/kairos}. */
public final class Main {
    private Main() {
    }

    public static void main(final String[] args) {
        System.exit(KairosCommand.commandLine().execute(args));
    }
}
