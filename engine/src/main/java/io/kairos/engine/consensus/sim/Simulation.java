package io.kairos.engine.consensus.sim;

import io.kairos.engine.consensus.CachingSignatureVerifier;
import io.kairos.engine.consensus.ConsensusConfig;
import io.kairos.engine.consensus.ConsensusCore;
import io.kairos.engine.consensus.ConsensusException;
import io.kairos.engine.consensus.ConsensusMessage;
import io.kairos.engine.consensus.ConsensusOutput;
import io.kairos.engine.consensus.BlockClock;
import io.kairos.engine.consensus.Evidence;
import io.kairos.engine.consensus.InMemoryCertificateStore;
import io.kairos.engine.consensus.InMemorySafetyStore;
import io.kairos.engine.consensus.LedgerExecution;
import io.kairos.engine.consensus.MessageCodec;
import io.kairos.engine.consensus.Proposal;
import io.kairos.engine.consensus.SignatureVerifier;
import io.kairos.engine.consensus.Step;
import io.kairos.engine.consensus.ValidatorSet;
import io.kairos.engine.consensus.Vote;
import io.kairos.engine.core.Hash;
import io.kairos.engine.crypto.SigningKey;
import io.kairos.engine.genesis.Genesis;
import io.kairos.engine.ledger.BlockHeader;
import io.kairos.engine.ledger.CodecLimits;
import io.kairos.engine.sequencer.InMemoryBlockStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A deterministic discrete-event simulation of a validator cluster: n replicas, each a real
 * {@link ConsensusCore} over real execution ({@link LedgerExecution} on an {@link InMemoryBlockStore})
 * with its own drifting clock, on a simulated network with delay, loss, duplication, reordering and
 * changing partitions; replicas crash and restart from their store and safety store; the faulty ones
 * behave as their {@link Behaviour} says. Every random choice comes from one
 * {@link SplittableRandom} seeded by the config and nothing reads a clock, so a run replays exactly.
 *
 * <p>After every event the checker asserts: no two honest replicas commit different blocks at a
 * height; each honest replica's state root after a commit equals the header's; every equivocation an
 * honest replica could judge yields evidence there; no replica ever holds evidence against a correct
 * validator (crashes and restarts included). Half-way through, the network heals (partitions
 * and loss end, crashed replicas restart); with at most f faulty replicas every honest replica must
 * then commit a new block within {@link #LIVENESS_BOUND_NS}. Single-threaded; one run per instance.
 */
public final class Simulation {
    static final long MS = 1_000_000L;
    /** After the heal, every honest replica must commit within this much simulated time. */
    public static final long LIVENESS_BOUND_NS = 20_000 * MS;
    private static final int DELIVER = 1;
    private static final int TICK = 2;
    private static final int CHAOS = 3;

    private record Event(long time, long seq, int kind, int node, int from, byte[] bytes, long gen) {
    }

    private static final class Node {
        final int id;
        final int validator;
        final Behaviour behaviour;
        final boolean honest;
        final SigningKey key;
        final InMemoryBlockStore store = new InMemoryBlockStore(Long.MAX_VALUE);
        InMemorySafetyStore safety = new InMemorySafetyStore();
        final InMemoryCertificateStore certificates = new InMemoryCertificateStore(1 << 16);
        final long ppm;
        final long offsetNs;
        final Map<String, String> mirror = new HashMap<>();
        ConsensusCore core;
        long gen;
        long scheduledWake = Long.MAX_VALUE;
        long progressedAt = -1;

        Node(final int id, final int validator, final Behaviour behaviour, final boolean honest, final SigningKey key,
             final long ppm, final long offsetNs) {
            this.id = id;
            this.validator = validator;
            this.behaviour = behaviour;
            this.honest = honest;
            this.key = key;
            this.ppm = ppm;
            this.offsetNs = offsetNs;
        }

        boolean up() {
            return core != null;
        }

        long local(final long simNs) {
            return simNs + simNs / 1000 * ppm / 1000 + offsetNs;
        }

        /** The earliest simulated time, not before {@code floor}, at which this clock reads {@code localNs}. */
        long sim(final long localNs, final long floor) {
            long t = Math.max(floor, (localNs - offsetNs) / (1_000_000 + ppm) * 1_000_000);
            while (local(t) < localNs) {
                t += Math.max(1, localNs - local(t));
            }
            return t;
        }
    }

    private final SimConfig config;
    private final SplittableRandom rng;
    private final Genesis genesis;
    private final ValidatorSet validators;
    private final ConsensusConfig consensus;
    private final SignatureVerifier verifier;
    private final TransferPool pool = TransferPool.instance();
    private final List<Node> nodes = new ArrayList<>();
    private final List<Node> honest = new ArrayList<>();
    private final Set<Integer> faultyValidators = new HashSet<>();
    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) ->
        a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private final Map<Long, Hash> committed = new HashMap<>();
    private final Map<Hash, BlockHeader> headers = new HashMap<>();
    private final Map<String, byte[]> forged = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final boolean colluding;
    private final boolean amnesia;
    private final MessageCodec codec;
    private long seq;
    private long time;
    private long digest = 0x9E3779B97F4A7C15L;
    private long delivered;
    private boolean partitioned;
    private int[] group;
    private int lossPercent;
    private int dupPercent;
    private int maxDelayMs = 20;
    private boolean healed;
    private long healTime;
    private long heightAtHeal;

    public Simulation(final SimConfig config) {
        this(config, new CachingSignatureVerifier(SignatureVerifier.DIRECT, 1 << 20));
    }

    public Simulation(final SimConfig config, final SignatureVerifier verifier) {
        this(config, verifier, false);
    }

    /**
     * @param amnesia restarted replicas lose their safety store, as a node whose record file was
     *                deleted would: a control that the checker catches the double signing that follows
     */
    Simulation(final SimConfig config, final SignatureVerifier verifier, final boolean amnesia) {
        this.amnesia = amnesia;
        this.config = config;
        this.rng = new SplittableRandom(config.seed());
        this.genesis = TransferPool.genesis(config.validators());
        this.validators = ValidatorSet.of(genesis);
        this.consensus = new ConsensusConfig(50 * MS, 800 * MS, 150, 8, 64 * config.validators(), 100 * MS);
        this.verifier = verifier;
        this.colluding = config.faulty() > config.maxFaulty();
        final int n = config.validators();
        final List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        for (int i = 0; i < config.faulty(); i++) {
            faultyValidators.add(order.remove(rng.nextInt(order.size())));
        }
        final Behaviour[] kinds = {Behaviour.EQUIVOCATOR, Behaviour.WITHHOLDER, Behaviour.BAD_SIGNATURE,
            Behaviour.GARBAGE, Behaviour.TWIN};
        final List<Integer> twins = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            Behaviour b = Behaviour.HONEST;
            if (faultyValidators.contains(v)) {
                b = colluding ? Behaviour.EQUIVOCATOR : kinds[rng.nextInt(kinds.length)];
            }
            if (b == Behaviour.TWIN) {
                twins.add(v);
            }
            addNode(v, b);
        }
        for (final int v : twins) {
            addNode(v, Behaviour.TWIN);
        }
        this.group = new int[nodes.size()];
        this.codec = new MessageCodec(1 << 20, n, CodecLimits.DEFAULT);
    }

    private void addNode(final int validator, final Behaviour behaviour) {
        final boolean isHonest = !faultyValidators.contains(validator);
        final long ppm = config.chaos() ? rng.nextLong(-50_000, 50_001) : 0;
        final long offset = rng.nextLong(0, 1_000 * MS);
        final Node node = new Node(nodes.size(), validator, behaviour, isHonest, TransferPool.validatorKey(validator),
            ppm, offset);
        nodes.add(node);
        if (isHonest) {
            honest.add(node);
        }
    }

    /** Runs to the end and returns the checker's verdict. */
    public SimResult run() {
        for (final Node node : nodes) {
            restart(node);
        }
        if (config.chaos()) {
            schedule(50 * MS + rng.nextLong(200 * MS), CHAOS, -1, -1, null, 0);
        }
        final int half = Math.max(1, config.steps() / 2);
        final long cap = 3L * config.steps();
        long processed = 0;
        while (!queue.isEmpty() && violations.isEmpty()) {
            final Event e = queue.poll();
            time = e.time;
            if (e.kind == TICK && (nodes.get(e.node).gen != e.gen || !nodes.get(e.node).up())) {
                continue;
            }
            processed++;
            mix(e.time, e.kind, e.node, e.bytes == null ? 0 : java.util.Arrays.hashCode(e.bytes));
            if (processed == half) {
                heal();
            }
            if (processed >= config.steps() && (colluding || allProgressed() || time >= healTime + LIVENESS_BOUND_NS)
                || processed >= cap) {
                break;
            }
            switch (e.kind) {
                case DELIVER -> deliver(nodes.get(e.node), e.from, e.bytes);
                case TICK -> {
                    final Node node = nodes.get(e.node);
                    node.scheduledWake = Long.MAX_VALUE;
                    handle(node, node.core.onTick(node.local(time)));
                }
                default -> chaos();
            }
        }
        if (violations.isEmpty() && healed && !colluding) {
            for (final Node node : honest) {
                if (node.progressedAt < 0 && time >= healTime + LIVENESS_BOUND_NS) {
                    violations.add("LIVENESS: honest replica " + node.id + " still at height " + node.store.height()
                        + ", " + LIVENESS_BOUND_NS / MS + " ms after the heal at height " + heightAtHeal);
                } else if (node.progressedAt < 0) {
                    violations.add("LIVENESS not judged: the run stopped " + (time - healTime) / MS
                        + " ms after the heal, before replica " + node.id + " committed or the bound of "
                        + LIVENESS_BOUND_NS / MS + " ms passed; raise --steps");
                } else if (node.progressedAt > healTime + LIVENESS_BOUND_NS) {
                    violations.add("LIVENESS: honest replica " + node.id + " first committed " + (node.progressedAt
                        - healTime) / MS + " ms after the heal, over the bound of " + LIVENESS_BOUND_NS / MS + " ms");
                }
            }
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        long evidence = 0;
        long refusals = 0;
        for (final Node node : honest) {
            min = Math.min(min, node.store.height());
            max = Math.max(max, node.store.height());
            if (node.up()) {
                evidence += node.core.evidence().size();
                for (final var err : io.kairos.engine.consensus.ConsensusError.values()) {
                    refusals += node.core.refusals(err);
                }
            }
        }
        long rounds = 0;
        long decided = 0;
        for (final Node node : honest) {
            if (node.up()) {
                rounds += node.core.roundsUsed();
                decided += node.core.commits();
            }
        }
        long recovery = healed && !colluding ? 0 : -1;
        for (final Node node : honest) {
            recovery = recovery < 0 ? recovery : node.progressedAt < 0 ? -1 : Math.max(recovery,
                (node.progressedAt - healTime) / MS);
        }
        return new SimResult(config, min == Long.MAX_VALUE ? 0 : min, max, delivered, evidence, refusals,
            List.copyOf(violations), digest, time / MS, decided == 0 ? 0 : (double) rounds / decided, recovery);
    }

    /** One line per replica: behaviour, height, round, step, lock and refusal counts (for reports and traces). */
    public List<String> describeNodes() {
        final List<String> lines = new ArrayList<>();
        for (final Node node : nodes) {
            final StringBuilder b = new StringBuilder("node " + node.id + " v" + node.validator + " " + node.behaviour
                + " stored " + node.store.height());
            if (node.up()) {
                final ConsensusCore c = node.core;
                b.append(" rebuilds ").append(c.ledger().rebuilds()).append(" h ").append(c.height()).append(" r ").append(c.round()).append(' ').append(c.step())
                    .append(" locked ").append(c.lockedRound()).append(" valid ").append(c.validRound())
                    .append(" deadline ").append(c.stepDeadlineNs() / MS).append(" local ").append(node.local(time) / MS);
                for (final var err : io.kairos.engine.consensus.ConsensusError.values()) {
                    if (c.refusals(err) > 0) {
                        b.append(' ').append(err).append('=').append(c.refusals(err));
                    }
                }
            } else {
                b.append(" down");
            }
            lines.add(b.toString());
        }
        return lines;
    }

    private boolean allProgressed() {
        if (!healed) {
            return false;
        }
        for (final Node node : honest) {
            if (node.progressedAt < 0) {
                return false;
            }
        }
        return true;
    }

    private void mix(final long a, final long b, final long c, final long d) {
        long h = digest;
        for (final long x : new long[] {a, b, c, d}) {
            h ^= x;
            h *= 0x100000001B3L;
            h ^= h >>> 29;
        }
        digest = h;
    }

    private void schedule(final long at, final int kind, final int node, final int from, final byte[] bytes,
                          final long gen) {
        queue.add(new Event(at, seq++, kind, node, from, bytes, gen));
    }

    private void restart(final Node node) {
        final LedgerExecution ledger = new LedgerExecution(genesis, node.store, CodecLimits.DEFAULT, verifier);
        // A restarted replica has forgotten the votes it held: what it saw before cannot be evidence now.
        node.mirror.clear();
        if (amnesia && node.gen > 0) {
            node.safety = new InMemorySafetyStore();
        }
        // Each replica stamps blocks with its own drifting local clock read as epoch time from genesis.
        node.core = new ConsensusCore(consensus, node.key, node.safety, node.certificates, ledger, pool, verifier,
            BlockClock.fromMonotonic(genesis.genesisTimeMillis()));
        node.gen++;
        node.scheduledWake = Long.MAX_VALUE;
        handle(node, node.core.start(node.local(time)));
    }

    private void crash(final Node node) {
        node.core = null;
        node.gen++;
        node.scheduledWake = Long.MAX_VALUE;
    }

    private void heal() {
        healed = true;
        healTime = time;
        partitioned = false;
        lossPercent = 0;
        dupPercent = 0;
        for (final Node node : nodes) {
            if (!node.up()) {
                restart(node);
            }
        }
        long h = 0;
        for (final Node node : honest) {
            h = Math.max(h, node.store.height());
        }
        heightAtHeal = h;
    }

    private void chaos() {
        if (healed) {
            return;
        }
        final int roll = rng.nextInt(100);
        if (roll < 25) {
            partitioned = true;
            for (int i = 0; i < group.length; i++) {
                group[i] = rng.nextInt(2);
            }
        } else if (roll < 40) {
            partitioned = false;
        } else if (roll < 55) {
            int down = 0;
            for (final Node node : nodes) {
                down += node.up() ? 0 : 1;
            }
            final Node node = nodes.get(rng.nextInt(nodes.size()));
            if (node.up() && down < Math.max(1, config.maxFaulty())) {
                crash(node);
            }
        } else if (roll < 75) {
            final Node node = nodes.get(rng.nextInt(nodes.size()));
            if (!node.up()) {
                restart(node);
            }
        } else {
            lossPercent = rng.nextInt(15);
            dupPercent = rng.nextInt(10);
            maxDelayMs = 2 + rng.nextInt(40);
        }
        schedule(time + 100 * MS + rng.nextLong(400 * MS), CHAOS, -1, -1, null, 0);
    }

    // ---------------------------------------------------------------- delivery and checks

    private void deliver(final Node node, final int from, final byte[] bytes) {
        if (!node.up()) {
            return;
        }
        delivered++;
        final List<String> expected = node.honest ? expectEvidence(node, bytes) : List.of();
        handle(node, node.core.onMessage(bytes, node.local(time)));
        if (!expected.isEmpty() && node.up()) {
            final Set<String> have = new HashSet<>();
            for (final Evidence ev : node.core.evidence()) {
                have.add(ev.validator() + "|" + ev.height() + "|" + ev.round() + "|" + ev.step());
            }
            for (final String k : expected) {
                if (!have.contains(k)) {
                    violations.add("EVIDENCE: honest replica " + node.id + " received conflicting messages " + k
                        + " from validator " + k.split("\\|")[0] + " (via node " + from + ") but recorded no evidence");
                }
            }
        }
    }

    /** What the replica must find equivocating in this message, judged as the replica would judge it. */
    private List<String> expectEvidence(final Node node, final byte[] bytes) {
        if (bytes.length < 2 || (bytes[0] != MessageCodec.TYPE_VOTE && bytes[0] != MessageCodec.TYPE_PROPOSAL)) {
            return List.of();
        }
        final ConsensusMessage m;
        try {
            m = codec.decode(bytes);
        } catch (final ConsensusException e) {
            return List.of();
        }
        final ConsensusCore core = node.core;
        if (m.height() != core.height() || m.round() > core.round() + consensus.roundWindow()) {
            return List.of();
        }
        final int signer;
        final Step step;
        final String target;
        final Hash g = genesis.hash();
        if (m instanceof Vote v) {
            if (!validators.isMember(v.validator()) || faultyValidators.stream().noneMatch(x -> x == v.validator())
                || !verifier.verify(validators.scheme(v.validator()), validators.publicKeyCopy(v.validator()),
                    v.signingBytes(g), v.signature())) {
                return List.of();
            }
            signer = v.validator();
            step = v.step();
            target = v.blockHash() + "/" + v.stateRoot();
        } else {
            final Proposal p = (Proposal) m;
            if (!validators.isMember(p.proposer()) || !faultyValidators.contains(p.proposer())
                || p.proposer() != validators.leader(p.height(), p.round())
                || !verifier.verify(validators.scheme(p.proposer()), validators.publicKeyCopy(p.proposer()),
                    p.signingBytes(g), p.signature())) {
                return List.of();
            }
            signer = p.proposer();
            step = Step.PROPOSE;
            target = p.blockHash() + "/" + p.validRound();
        }
        final String key = signer + "|" + m.height() + "|" + m.round() + "|" + step;
        final String first = node.mirror.putIfAbsent(key, target);
        return first == null || first.equals(target) ? List.of() : List.of(key);
    }

    private void handle(final Node node, final ConsensusOutput out) {
        for (final Evidence e : out.evidence()) {
            if (!faultyValidators.contains(e.validator())) {
                violations.add("DOUBLE SIGN: replica " + node.id + " holds evidence that correct validator "
                    + e.validator() + " signed two " + e.step() + "s at height " + e.height() + " round " + e.round()
                    + " (a restart or the safety store let it equivocate)");
            }
        }
        for (final ConsensusOutput.Commit c : out.commits()) {
            mix(c.block().height(), c.block().hash().hashCode(), node.id, 7);
            if (healed && node.honest && node.progressedAt < 0 && c.block().height() > heightAtHeal) {
                node.progressedAt = time;
            }
            if (node.honest) {
                final Hash prior = committed.putIfAbsent(c.block().height(), c.block().hash());
                if (prior != null && !prior.equals(c.block().hash())) {
                    violations.add("SAFETY: honest replica " + node.id + " committed " + c.block().hash().toHex()
                        + " at height " + c.block().height() + " where another honest replica committed "
                        + prior.toHex());
                }
            }
        }
        if (node.honest && !out.commits().isEmpty()) {
            final BlockHeader last = out.commits().get(out.commits().size() - 1).block().header();
            if (last.height() == node.core.ledger().height()) {
                final Hash root = node.core.ledger().committedStateRoot();
                if (!root.equals(last.stateRoot())) {
                    violations.add("STATE ROOT: honest replica " + node.id + " has state root " + root + " after block "
                        + last.height() + " whose header says " + last.stateRoot());
                }
            }
        }
        for (final byte[] m : out.broadcasts()) {
            if (colluding || hasEquivocators()) {
                remember(m);
            }
            for (final Node to : nodes) {
                if (to != node) {
                    transmit(node, to, m);
                }
            }
        }
        for (final ConsensusOutput.Send s : out.sends()) {
            for (final Node to : nodes) {
                if (to.validator == s.validator() && to != node) {
                    transmit(node, to, s.message());
                }
            }
        }
        if (node.up() && out.wakeAtNs() != Long.MAX_VALUE) {
            final long at = node.sim(out.wakeAtNs(), time + 1);
            if (at != node.scheduledWake) {
                node.scheduledWake = at;
                node.gen++;
                schedule(at, TICK, node.id, node.id, null, node.gen);
            }
        }
    }

    private boolean hasEquivocators() {
        for (final Node n : nodes) {
            if (n.behaviour == Behaviour.EQUIVOCATOR) {
                return true;
            }
        }
        return false;
    }

    private void remember(final byte[] m) {
        if (m.length > 0 && m[0] == MessageCodec.TYPE_PROPOSAL) {
            try {
                final Proposal p = (Proposal) codec.decode(m);
                headers.putIfAbsent(p.blockHash(), p.header());
            } catch (final ConsensusException e) {
                // only well-formed proposals matter to the coalition
            }
        }
    }

    /** Sends {@code bytes} from one node to another as the sender's behaviour dictates. */
    private void transmit(final Node from, final Node to, final byte[] bytes) {
        final int type = bytes.length == 0 ? 0 : bytes[0];
        switch (from.behaviour) {
            case WITHHOLDER -> {
                if (type != MessageCodec.TYPE_PROPOSAL && type != MessageCodec.TYPE_ROUND_CHANGE) {
                    network(from, to, bytes);
                }
            }
            case BAD_SIGNATURE -> {
                if ((type == MessageCodec.TYPE_VOTE || type == MessageCodec.TYPE_PROPOSAL) && rng.nextBoolean()) {
                    final byte[] bad = bytes.clone();
                    bad[bad.length - 1] ^= 0x5A;
                    network(from, to, bad);
                } else {
                    network(from, to, bytes);
                }
            }
            case GARBAGE -> {
                network(from, to, bytes);
                if (rng.nextInt(4) == 0) {
                    final byte[] junk = new byte[rng.nextInt(300)];
                    for (int i = 0; i < junk.length; i++) {
                        junk[i] = (byte) rng.nextInt(256);
                    }
                    if (junk.length > 1) {
                        junk[0] = (byte) (1 + rng.nextInt(4));
                        junk[1] = MessageCodec.VERSION;
                    }
                    network(from, to, junk);
                }
                if (rng.nextInt(4) == 0 && bytes.length > 0) {
                    final byte[] mangled = java.util.Arrays.copyOf(bytes, rng.nextInt(bytes.length + 1));
                    if (mangled.length > 0) {
                        mangled[rng.nextInt(mangled.length)] ^= (byte) (1 + rng.nextInt(255));
                    }
                    network(from, to, mangled);
                }
            }
            case EQUIVOCATOR -> equivocate(from, to, bytes, type);
            default -> network(from, to, bytes);
        }
    }

    /** The half of the honest replicas {@code node} belongs to in the coalition's split (byzantine: 0). */
    private int half(final Node node) {
        if (!node.honest) {
            return 0;
        }
        final int i = honest.indexOf(node);
        return i < (honest.size() + 1) / 2 ? 0 : 1;
    }

    private BlockHeader variant(final BlockHeader h, final int side) {
        final long t0 = h.timestampMillis() + (h.timestampMillis() & 1);
        final BlockHeader v = new BlockHeader(h.chainId(), h.height(), t0 + side, h.parentHash(), h.proposer(),
            h.transactionsRoot(), h.stateRoot(), h.transactionCount(), h.bodyLength());
        headers.putIfAbsent(v.hash(), v);
        return v;
    }

    private void equivocate(final Node from, final Node to, final byte[] bytes, final int type) {
        final int side = half(to);
        final Hash g = genesis.hash();
        if (type == MessageCodec.TYPE_PROPOSAL) {
            final Proposal p = decodeOrNull(bytes) instanceof Proposal x ? x : null;
            if (p == null || p.validRound() >= 0) {
                network(from, to, bytes);
                return;
            }
            final byte[] m = forged.computeIfAbsent(p.blockHash() + "/p/" + p.round() + "/" + side, k -> {
                final BlockHeader v = variant(p.header(), side);
                final byte[] sig = from.key.sign(Proposal.signingBytes(g, p.height(), p.round(), -1, v.hash()));
                return codec.encode(new Proposal(p.height(), p.round(), -1, p.proposer(), v, p.body(), null, sig));
            });
            network(from, to, m);
        } else if (type == MessageCodec.TYPE_VOTE) {
            final Vote v = decodeOrNull(bytes) instanceof Vote x ? x : null;
            final BlockHeader h = v == null || v.isNil() ? null : headers.get(v.blockHash());
            if (h == null) {
                network(from, to, bytes);
                return;
            }
            final BlockHeader target = variant(h, side);
            network(from, to, forgeVote(from, v, Step.PREVOTE, target, side));
            network(from, to, forgeVote(from, v, Step.PRECOMMIT, target, side));
        } else {
            network(from, to, bytes);
        }
    }

    private byte[] forgeVote(final Node from, final Vote v, final Step step, final BlockHeader target, final int side) {
        return forged.computeIfAbsent(v.height() + "/" + v.round() + "/" + v.validator() + "/" + step + "/" + side
            + "/" + target.hash(), k -> {
                final byte[] sig = from.key.sign(Vote.signingBytes(genesis.hash(), step, v.height(), v.round(),
                    target.hash(), target.stateRoot()));
                return codec.encode(new Vote(step, v.height(), v.round(), target.hash(), target.stateRoot(),
                    v.validator(), sig));
            });
    }

    private ConsensusMessage decodeOrNull(final byte[] bytes) {
        try {
            return codec.decode(bytes);
        } catch (final ConsensusException e) {
            return null;
        }
    }

    private void network(final Node from, final Node to, final byte[] bytes) {
        if (partitioned && group[from.id] != group[to.id]) {
            return;
        }
        if (lossPercent > 0 && rng.nextInt(100) < lossPercent) {
            return;
        }
        schedule(time + delay(), DELIVER, to.id, from.id, bytes, 0);
        if (dupPercent > 0 && rng.nextInt(100) < dupPercent) {
            schedule(time + delay(), DELIVER, to.id, from.id, bytes, 0);
        }
    }

    private long delay() {
        return MS + rng.nextLong(maxDelayMs * MS);
    }
}
