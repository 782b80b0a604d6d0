package io.kairos.node.validator;

import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.genesis.Genesis;
import io.kairos.transport.driver.EmbeddedDriver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Every validator of a genesis in this process: one {@link ValidatorNode} per key, all talking over
 * Aeron IPC through one shared embedded media driver (tests, simulations, {@code kairos devnet
 * --in-process}). Validator i keeps its data in {@code baseDir/validator-i/data}, where
 * {@code kairos init --out baseDir} points validator i's {@code node.json}.
 *
 * <p>Threading: {@link #node}, {@link #nodes} and {@link #stop} may be called from any thread;
 * {@link #close()} once, from one.
 */
public final class LocalCluster implements AutoCloseable {
    private final EmbeddedDriver driver;
    private final List<ValidatorNode> nodes;
    private final Genesis genesis;
    private final Path baseDir;

    private final int termBufferLength;

    private LocalCluster(final EmbeddedDriver driver, final List<ValidatorNode> nodes, final Genesis genesis,
                         final Path baseDir, final int termBufferLength) {
        this.termBufferLength = termBufferLength;
        this.driver = driver;
        this.nodes = Collections.synchronizedList(nodes);
        this.genesis = genesis;
        this.baseDir = baseDir;
    }

    /**
     * Launches the shared media driver (its folder under {@code /dev/shm} when there is one) and opens
     * one node per key, in validator order.
     *
     * @param keys      {@code keys.get(i)} is validator i's key; the caller keeps ownership
     * @param customize applied to each node's builder before it opens (consensus timeouts, terms...)
     */
    public static LocalCluster start(final Genesis genesis, final List<SigningKey> keys, final Path baseDir,
                                     final int termBufferLength, final Consumer<ValidatorNode.Builder> customize) {
        Objects.requireNonNull(customize, "customize");
        final Path shm = Path.of("/dev/shm");
        final Path aeronBase = Files.isDirectory(shm) && Files.isWritable(shm) ? shm
            : Path.of(System.getProperty("java.io.tmpdir"));
        final EmbeddedDriver driver = EmbeddedDriver.launch(EmbeddedDriver.Options.defaults(aeronBase.resolve(
            "kairos-aeron-ipc-" + ProcessHandle.current().pid() + "-" + System.nanoTime()))
            .withTermBufferLength(termBufferLength));
        final List<ValidatorNode> opened = new ArrayList<>();
        try {
            for (int i = 0; i < keys.size(); i++) {
                // Opened one after another, none running yet: there is no peer to state-sync from.
                final ValidatorNode.Builder b = ValidatorNode.builder(genesis, keys.get(i),
                    dataDir(baseDir, i)).ipc(driver).termBufferLength(termBufferLength)
                    .stateSync(false, 0, 1);
                customize.accept(b);
                opened.add(b.build());
            }
            // Every node recovered before any starts: no validator runs rounds alone meanwhile.
            for (final ValidatorNode n : opened) {
                n.start();
            }
        } catch (final RuntimeException e) {
            for (final ValidatorNode n : opened) {
                n.close();
            }
            driver.close();
            throw e;
        }
        return new LocalCluster(driver, opened, genesis, baseDir, termBufferLength);
    }

    /** Where validator {@code index} of a cluster in {@code baseDir} keeps its data. */
    public static Path dataDir(final Path baseDir, final int index) {
        return baseDir.resolve("validator-" + index).resolve("data");
    }

    public Genesis genesis() {
        return genesis;
    }

    public Path baseDir() {
        return baseDir;
    }

    public int size() {
        return nodes.size();
    }

    public ValidatorNode node(final int index) {
        return nodes.get(index);
    }

    public List<ValidatorNode> nodes() {
        synchronized (nodes) {
            return List.copyOf(nodes);
        }
    }

    /** Closes validator {@code index} (a crash-free stop); the others carry on while a quorum remains. */
    public void stop(final int index) {
        nodes.get(index).close();
    }

    /**
     * Opens validator {@code index} again on its data directory after {@link #stop}: it recovers
     * from its journal and catches up with the others (block sync, then consensus); with an empty
     * or far-behind data directory it state-syncs first (see {@link ValidatorNode.Builder#stateSync}).
     */
    public ValidatorNode restart(final int index, final SigningKey key, final Consumer<ValidatorNode.Builder> customize) {
        final ValidatorNode.Builder b = ValidatorNode.builder(genesis, key, dataDir(baseDir, index)).ipc(driver)
            .termBufferLength(termBufferLength);
        customize.accept(b);
        final ValidatorNode n = b.open();
        nodes.set(index, n);
        return n;
    }

    /** Closes every node, then the shared driver. */
    @Override
    public void close() {
        for (final ValidatorNode n : nodes()) {
            n.close();
        }
        driver.close();
    }
}
