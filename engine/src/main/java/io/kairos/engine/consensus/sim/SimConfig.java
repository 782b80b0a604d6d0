package io.kairos.engine.consensus.sim;

/**
 * Identifies a simulation run: {@code validators} replicas, {@code faulty} of them byzantine, the
 * {@code seed} of every random choice and the number of events ({@code steps}) before the network
 * heals for good at the half-way point. The same config always gives the same run, bit for bit.
 * With {@code faulty} above f the faulty replicas all collude as equivocators (the control run).
 *
 * @param chaos whether crashes, partitions, loss and duplication happen before the heal
 */
public record SimConfig(int validators, int faulty, long seed, int steps, boolean chaos) {
    public SimConfig {
        if (validators < 1 || validators > 64 || faulty < 0 || faulty > validators || steps < 1) {
            throw new IllegalArgumentException("simulation needs 1..64 validators, 0..n faulty and steps > 0, got "
                + validators + "/" + faulty + "/" + steps);
        }
    }

    public SimConfig(final int validators, final int faulty, final long seed, final int steps) {
        this(validators, faulty, seed, steps, true);
    }

    /** f for n: (n - 1) / 3. */
    public int maxFaulty() {
        return (validators - 1) / 3;
    }

    /** The command that replays this run. */
    public String replayCommand() {
        return "kairos simulate --validators " + validators + " --faulty " + faulty + " --seed " + seed
            + " --steps " + steps + (chaos ? "" : " --no-chaos");
    }
}
