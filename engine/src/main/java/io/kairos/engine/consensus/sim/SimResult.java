package io.kairos.engine.consensus.sim;

import java.util.List;

/**
 * The outcome of one run: the lowest and highest height committed by an honest replica, messages
 * delivered, equivocation evidence collected by honest replicas, the checker's violations (empty when
 * it passed), a digest of every event, equal for two runs of the same config, and the mean number of
 * rounds an honest replica (running since the start) needed per decided height, and how long after
 * the heal the slowest honest replica committed its first new block (-1 when not measured).
 */
public record SimResult(SimConfig config, long minHonestHeight, long maxHonestHeight, long messagesDelivered,
                        long evidenceCollected, long refusals, List<String> violations, long traceDigest,
                        long simulatedMillis, double roundsPerBlock, long recoveryMillis) {
    public boolean passed() {
        return violations.isEmpty();
    }
}
