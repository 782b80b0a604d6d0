package io.kairos.node.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code kairos devnet}: the local devnet. The sequencer it runs arrives with the pipeline issue. */
@Command(name = "devnet", mixinStandardHelpOptions = true,
    description = "Run a local devnet (not built yet: arrives with the sequencer pipeline).")
public final class DevnetCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("kairos devnet is not built yet: it needs the sequencer pipeline and block production "
            + "(next issue). Available now: 'kairos keys' and 'kairos init'.");
        return 3;
    }
}
