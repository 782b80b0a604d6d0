package io.kairos.node.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kairos.engine.consensus.CachingSignatureVerifier;
import io.kairos.engine.consensus.SignatureVerifier;
import io.kairos.engine.consensus.sim.SimConfig;
import io.kairos.engine.consensus.sim.SimResult;
import io.kairos.engine.consensus.sim.Simulation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code kairos simulate}: runs the deterministic consensus simulator over a range of seeds and prints
 * one JSON object with what was committed and every violation the checker found, each with the command
 * that replays it exactly. Exit code 1 when any seed violates, 0 otherwise.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Run the seeded BFT cluster simulator and check safety, state roots, evidence and liveness.")
public final class SimulateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--validators", paramLabel = "N", defaultValue = "4", description = "Validators (1 to 64).")
    int validators;

    @Option(names = "--faulty", paramLabel = "F", description = "Byzantine validators; above f = (N-1)/3 they "
        + "collude (a control run that should fail). Default: f.")
    Integer faulty;

    @Option(names = "--seeds", paramLabel = "K", defaultValue = "1", description = "How many seeds to run.")
    int seeds;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "The first seed.")
    long seed;

    @Option(names = "--steps", paramLabel = "M", defaultValue = "2000",
        description = "Events per run; the network heals at M/2.")
    int steps;

    @Option(names = "--no-chaos", description = "No crashes, partitions, loss, duplication or clock drift.")
    boolean noChaos;

    @Option(names = "--trace", paramLabel = "FILE", description = "Write per-seed digests and replica states here.")
    Path trace;

    @Override
    public Integer call() {
        if (validators < 1 || validators > 64) {
            throw new CommandException(CommandError.INVALID_ARGUMENT, "--validators must be 1 to 64, got " + validators);
        }
        final int f = faulty == null ? (validators - 1) / 3 : faulty;
        if (f < 0 || f > validators) {
            throw new CommandException(CommandError.INVALID_ARGUMENT, "--faulty must be 0 to " + validators + ", got " + f);
        }
        if (seeds < 1 || steps < 1) {
            throw new CommandException(CommandError.INVALID_ARGUMENT, "--seeds and --steps must be at least 1");
        }
        final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        final ObjectNode o = json.createObjectNode();
        o.put("validators", validators);
        o.put("faulty", f);
        o.put("maxFaultyTolerated", (validators - 1) / 3);
        o.put("control", f > (validators - 1) / 3);
        o.put("chaos", !noChaos);
        o.put("firstSeed", seed);
        o.put("seeds", seeds);
        o.put("steps", steps);
        final ArrayNode violations = json.createArrayNode();
        final StringBuilder traceText = new StringBuilder();
        long blocks = 0;
        long messages = 0;
        long evidence = 0;
        long simulatedMillis = 0;
        double rounds = 0;
        long worstRecovery = -1;
        int failing = 0;
        final CachingSignatureVerifier verifier = new CachingSignatureVerifier(SignatureVerifier.DIRECT, 1 << 20);
        for (long s = seed; s < seed + seeds; s++) {
            final SimConfig config = new SimConfig(validators, f, s, steps, !noChaos);
            final Simulation sim = new Simulation(config, verifier);
            final SimResult r = sim.run();
            blocks += r.minHonestHeight();
            messages += r.messagesDelivered();
            evidence += r.evidenceCollected();
            simulatedMillis += r.simulatedMillis();
            rounds += r.roundsPerBlock();
            worstRecovery = Math.max(worstRecovery, r.recoveryMillis());
            if (!r.passed()) {
                failing++;
                final ObjectNode v = violations.addObject();
                v.put("seed", s);
                v.put("replay", config.replayCommand());
                final ArrayNode what = v.putArray("violations");
                r.violations().forEach(what::add);
            }
            if (trace != null) {
                traceText.append("seed ").append(s).append(" digest ").append(Long.toHexString(r.traceDigest()))
                    .append(" heights ").append(r.minHonestHeight()).append("..").append(r.maxHonestHeight())
                    .append(" messages ").append(r.messagesDelivered()).append(" simulated ").append(r.simulatedMillis())
                    .append(" ms ").append(r.passed() ? "passed" : "VIOLATED " + r.violations()).append('\n');
                sim.describeNodes().forEach(line -> traceText.append("  ").append(line).append('\n'));
            }
        }
        o.put("blocksCommitted", blocks);
        o.put("messagesDelivered", messages);
        o.put("evidenceCollected", evidence);
        o.put("simulatedMillis", simulatedMillis);
        o.put("meanRoundsPerBlock", Math.round(rounds / seeds * 1000) / 1000.0);
        o.put("simulatedMillisPerBlock", blocks == 0 ? 0 : Math.round(simulatedMillis * 1000.0 / blocks) / 1000.0);
        o.put("worstRecoveryMillisAfterHeal", worstRecovery);
        o.put("failingSeeds", failing);
        o.set("violations", violations);
        if (trace != null) {
            try {
                Files.writeString(trace, traceText, StandardCharsets.UTF_8);
            } catch (final IOException e) {
                throw new CommandException(CommandError.IO, "cannot write " + trace + ": " + e.getMessage(), e);
            }
        }
        final PrintWriter out = spec.commandLine().getOut();
        try {
            out.println(json.writeValueAsString(o));
        } catch (final IOException e) {
            throw new CommandException(CommandError.IO, "cannot write the report: " + e.getMessage(), e);
        }
        out.flush();
        return failing == 0 ? 0 : 1;
    }
}
