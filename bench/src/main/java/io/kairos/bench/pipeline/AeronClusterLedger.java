package io.kairos.bench.pipeline;

import io.aeron.Publication;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.client.AeronCluster;
import io.aeron.cluster.client.EgressListener;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.Header;
import io.kairos.engine.core.Address;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.state.LedgerState;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpLock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * C1's crash-fault-tolerant baseline: the Kairos ledger rules ({@link LedgerService}) replicated by
 * Aeron Cluster (Raft) over {@code members} members in this JVM, and one {@link AeronCluster} client
 * submitting encoded transactions and counting the acknowledgements.
 *
 * <p>Each member has its own media driver (SHARED threading), archive (SHARED), consensus module and
 * service container; members, archives and the client talk UDP on 127.0.0.1, each endpoint on a
 * port the OS handed out just before the start. The client has a media driver of its own. Every
 * agent idles like Kairos's transport ({@link BackoffIdleStrategy}, 1 us to 1 ms). Aeron's defaults
 * stand otherwise; in particular the archive and the consensus module do not force their files to
 * disk (file sync level 0), so a commit means "appended by a majority", not "on a majority's disks".
 * The client session times out after a minute of silence rather than Aeron's 10 s, so that a pause
 * between benchmark iterations does not close it.
 *
 * <p>Files: the media drivers' directories go under {@code /dev/shm} when it is writable (as
 * {@code LocalCluster}'s does), everything else (archive, cluster log and mark files) under the
 * directory given; {@link #close()} deletes both.
 *
 * <p>Threading: {@link #submit}, {@link #awaitAcknowledged}, {@link #acknowledged}, {@link #applied},
 * {@link #lastAck} and {@link #close} belong to one thread, the client's (Aeron's client is not
 * thread-safe). {@link #executed} and {@link #accountsSorted} may be called from any thread, the
 * latter once {@link #executed} has stopped moving.
 */
final class AeronClusterLedger implements AutoCloseable {
    /** Aeron Cluster's usual size: tolerates one crashed member. */
    static final int DEFAULT_MEMBERS = 3;
    private static final int PORTS_PER_MEMBER = 5;
    private static final int LOG_TERM_LENGTH = 16 * 1024 * 1024;
    private static final long SESSION_TIMEOUT_NS = TimeUnit.MINUTES.toNanos(1);
    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(60);
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final String LOCALHOST = "127.0.0.1";

    private final List<ClusteredMediaDriver> drivers = new ArrayList<>();
    private final List<ClusteredServiceContainer> containers = new ArrayList<>();
    private final List<LedgerService> services = new ArrayList<>();
    private final List<File> driverDirs = new ArrayList<>();
    private final Path dir;
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();
    private final UnsafeBuffer outgoing = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer lastAck = new UnsafeBuffer(new byte[Ack.LENGTH]);
    private final IdleStrategy clientIdle = new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1),
        TimeUnit.MICROSECONDS.toNanos(100));
    private MediaDriver clientDriver;
    private AeronCluster client;
    private long acknowledged;
    private long applied;
    private volatile boolean closing;

    private AeronClusterLedger(final Path dir) {
        this.dir = dir;
    }

    /**
     * Starts {@code members} members holding {@code genesis}'s state and connects the client (after
     * the first election: this can take a few seconds).
     *
     * @param feeSink the account every member credits with fees and block rewards
     * @param dir     an existing directory for the members' files; the caller deletes it
     * @throws IllegalArgumentException if {@code members} is below 1
     * @throws IllegalStateException    if the cluster or the client does not come up; nothing is left running
     */
    static AeronClusterLedger start(final int members, final Genesis genesis, final Address feeSink, final Path dir) {
        if (members < 1) {
            throw new IllegalArgumentException("a cluster needs at least one member, got " + members);
        }
        final AeronClusterLedger ledger = new AeronClusterLedger(dir);
        try {
            final int[] ports = freeUdpPorts(members * PORTS_PER_MEMBER);
            final String memberList = memberList(members, ports);
            for (int i = 0; i < members; i++) {
                ledger.launchMember(i, members, memberList, ports, genesis, feeSink);
            }
            ledger.connect(ingressEndpoints(members, ports));
        } catch (final RuntimeException e) {
            ledger.close();
            throw e;
        }
        return ledger;
    }

    /** Aeron Cluster's member list: id,ingress,consensus,log,catchup,archive per member, '|' between. */
    private static String memberList(final int members, final int[] ports) {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < members; i++) {
            b.append(i);
            for (int p = 0; p < PORTS_PER_MEMBER; p++) {
                b.append(',').append(LOCALHOST).append(':').append(ports[i * PORTS_PER_MEMBER + p]);
            }
            b.append('|');
        }
        return b.toString();
    }

    private static String ingressEndpoints(final int members, final int[] ports) {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < members; i++) {
            b.append(i == 0 ? "" : ",").append(i).append('=').append(LOCALHOST).append(':')
                .append(ports[i * PORTS_PER_MEMBER]);
        }
        return b.toString();
    }

    /** Distinct free UDP ports: all bound at once so that none is handed out twice, then released. */
    private static int[] freeUdpPorts(final int count) {
        final List<DatagramSocket> sockets = new ArrayList<>();
        try {
            final int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                final DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(LOCALHOST), 0));
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (final SocketException e) {
            throw new IllegalStateException("no free UDP port on " + LOCALHOST + ": " + e.getMessage(), e);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sockets.forEach(DatagramSocket::close);
        }
    }

    private static Supplier<IdleStrategy> idle() {
        return () -> new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
    }

    private String driverDir(final String name) {
        final Path shm = Path.of("/dev/shm");
        final Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : dir;
        final File d = base.resolve("kairos-aeron-cluster-" + ProcessHandle.current().pid() + "-" + System.nanoTime()
            + "-" + name).toFile();
        driverDirs.add(d);
        return d.getAbsolutePath();
    }

    private void onError(final Throwable t) {
        if (!closing) {
            firstError.compareAndSet(null, t);
        }
    }

    private void launchMember(final int id, final int members, final String memberList, final int[] ports,
                              final Genesis genesis, final Address feeSink) {
        final String aeronDir = driverDir("member-" + id);
        final File base = dir.resolve("member-" + id).toFile();
        final File clusterDir = new File(base, "cluster");
        final String archiveControl = "aeron:udp?endpoint=" + LOCALHOST + ":" + ports[id * PORTS_PER_MEMBER + 4];
        final String anyPort = "aeron:udp?endpoint=" + LOCALHOST + ":0";

        final MediaDriver.Context driver = driverContext(aeronDir);
        final Archive.Context archive = new Archive.Context()
            .aeronDirectoryName(aeronDir)
            .archiveDir(new File(base, "archive"))
            .deleteArchiveOnStart(true)
            .archiveId(id)
            .controlChannel(archiveControl)
            .archiveClientContext(new AeronArchive.Context().controlResponseChannel(anyPort))
            .localControlChannel("aeron:ipc?term-length=64k")
            .replicationChannel(anyPort)
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(idle())
            .errorHandler(this::onError);
        final AeronArchive.Context archiveClient = new AeronArchive.Context()
            .lock(NoOpLock.INSTANCE)
            .controlRequestChannel(archive.localControlChannel())
            .controlRequestStreamId(archive.localControlStreamId())
            .controlResponseChannel(archive.localControlChannel())
            .aeronDirectoryName(aeronDir);
        final ConsensusModule.Context consensus = new ConsensusModule.Context()
            .aeronDirectoryName(aeronDir)
            .clusterMemberId(id)
            .clusterMembers(memberList)
            .clusterDir(clusterDir)
            .deleteDirOnStart(true)
            .archiveContext(archiveClient.clone())
            .serviceCount(1)
            .ingressChannel("aeron:udp")
            .logChannel("aeron:udp?term-length=" + LOG_TERM_LENGTH)
            .replicationChannel(anyPort)
            .sessionTimeoutNs(SESSION_TIMEOUT_NS)
            .idleStrategySupplier(idle())
            .errorHandler(this::onError);
        drivers.add(ClusteredMediaDriver.launch(driver, archive, consensus));

        final LedgerService service = new LedgerService(genesis, feeSink);
        services.add(service);
        containers.add(ClusteredServiceContainer.launch(new ClusteredServiceContainer.Context()
            .aeronDirectoryName(aeronDir)
            .archiveContext(archiveClient.clone())
            .clusterDir(clusterDir)
            .clusteredService(service)
            .serviceId(0)
            .idleStrategySupplier(idle())
            .errorHandler(this::onError)));
    }

    /** A media driver of its own in {@code dir}: SHARED threading, idling as our transport does, wiped on both ends. */
    private MediaDriver.Context driverContext(final String dir) {
        return new MediaDriver.Context()
            .aeronDirectoryName(dir)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .warnIfDirectoryExists(false)
            .termBufferSparseFile(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idle().get())
            .errorHandler(this::onError);
    }

    private void connect(final String ingressEndpoints) {
        clientDriver = MediaDriver.launch(driverContext(driverDir("client")));
        final long deadline = System.nanoTime() + CONNECT_TIMEOUT_NS;
        while (true) {
            try {
                client = AeronCluster.connect(new AeronCluster.Context()
                    .aeronDirectoryName(clientDriver.aeronDirectoryName())
                    .ingressChannel("aeron:udp")
                    .ingressEndpoints(ingressEndpoints)
                    .egressChannel("aeron:udp?endpoint=" + LOCALHOST + ":0")
                    .egressListener(new Listener()));
                return;
            } catch (final RuntimeException e) {
                // Connecting fails until the first election has a leader; the members elect one in seconds.
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the client could not connect to the cluster within "
                        + TimeUnit.NANOSECONDS.toSeconds(CONNECT_TIMEOUT_NS) + " s: " + e.getMessage(), e);
                }
            }
        }
    }

    private final class Listener implements EgressListener {
        @Override
        public void onMessage(final long clusterSessionId, final long timestamp, final DirectBuffer buffer,
                              final int offset, final int length, final Header header) {
            if (length != Ack.LENGTH) {
                onError(new IllegalStateException("the service answered " + length + " bytes, not an acknowledgement"));
                return;
            }
            lastAck.putBytes(0, buffer, offset, length);
            acknowledged++;
            if (buffer.getByte(offset) == Ack.Outcome.APPLIED.ordinal()) {
                applied++;
            }
        }
    }

    int members() {
        return services.size();
    }

    /**
     * Offers one encoded transaction to the cluster, polling the acknowledgements meanwhile if the
     * ingress is back-pressured.
     *
     * @throws IllegalStateException if the ingress is closed or stays unavailable for a minute
     */
    void submit(final byte[] transaction) {
        outgoing.wrap(transaction);
        final long since = System.nanoTime();
        while (true) {
            final long result = client.offer(outgoing, 0, transaction.length);
            if (result > 0) {
                return;
            }
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
                throw new IllegalStateException("the cluster's ingress refused a transaction: offer returned " + result
                    + errorNote());
            }
            if (System.nanoTime() - since > STALL_NANOS) {
                throw new IllegalStateException("the cluster's ingress stayed unavailable for 60 s (last offer "
                    + result + ")" + errorNote());
            }
            if (client.pollEgress() == 0) {
                clientIdle.idle();
            }
        }
    }

    /**
     * Polls the acknowledgements until {@link #acknowledged()} reaches {@code target}.
     *
     * @throws IllegalStateException if no acknowledgement arrives for 60 s
     */
    void awaitAcknowledged(final long target) {
        long seen = acknowledged;
        long progressAt = System.nanoTime();
        clientIdle.reset();
        while (acknowledged < target) {
            if (client.pollEgress() > 0) {
                clientIdle.reset();
                continue;
            }
            if (acknowledged != seen) {
                seen = acknowledged;
                progressAt = System.nanoTime();
            } else if (System.nanoTime() - progressAt > STALL_NANOS) {
                throw new IllegalStateException(members() + " Aeron Cluster members acknowledged " + acknowledged
                    + " of " + target + " transactions and made no progress for 60 s" + errorNote());
            }
            clientIdle.idle();
        }
    }

    /** Acknowledgements received so far, whatever their outcome. */
    long acknowledged() {
        return acknowledged;
    }

    /** Acknowledgements received so far that say {@link Ack.Outcome#APPLIED}. */
    long applied() {
        return applied;
    }

    /** The latest acknowledgement, or null before the first. */
    Ack lastAck() {
        return acknowledged == 0 ? null : Ack.read(lastAck, 0, Ack.LENGTH);
    }

    /** Transactions member {@code member} has executed so far (applied or not). */
    long executed(final int member) {
        return services.get(member).executed();
    }

    /** Member {@code member}'s accounts; call once {@link #executed} has stopped moving. */
    List<LedgerState.Account> accountsSorted(final int member) {
        return services.get(member).accountsSorted();
    }

    /** The first error an Aeron agent reported, if any (errors while closing are not kept). */
    Throwable firstError() {
        return firstError.get();
    }

    private String errorNote() {
        final Throwable t = firstError.get();
        return t == null ? "" : "; first Aeron error: " + t;
    }

    /** Stops the client, then every member, and deletes the drivers' directories. */
    @Override
    public void close() {
        closing = true;
        CloseHelper.closeAll(client, clientDriver);
        client = null;
        clientDriver = null;
        for (int i = 0; i < drivers.size() || i < containers.size(); i++) {
            CloseHelper.closeAll(i < containers.size() ? containers.get(i) : null,
                i < drivers.size() ? drivers.get(i) : null);
        }
        containers.clear();
        drivers.clear();
        for (final File d : driverDirs) {
            IoUtil.delete(d, true);
        }
        driverDirs.clear();
    }
}
