package io.kairos.node.rpc;

/**
 * What a node says about itself, for {@code kairos_nodeStatus}, {@code eth_syncing}, the readiness
 * probe and the consensus gauges (see {@code EngineRpcBackend#status()}). A single validator reports
 * itself synced and in consensus, with no peers.
 *
 * @param height                   last committed block
 * @param highestKnownHeight       highest block any peer has announced (= height on a single node)
 * @param syncing                  catching up with peers rather than following the chain
 * @param inConsensus              taking part in (or, alone, being) the validator quorum
 * @param peers                    connected peers
 * @param consensusRound           round of the height being decided
 * @param viewChanges              round changes since start
 * @param journalSyncLatencySeconds latency of the last journal sync, or 0 when none is measured
 */
public record NodeStatus(long height, long highestKnownHeight, boolean syncing, boolean inConsensus, int peers,
                         long consensusRound, long viewChanges, double journalSyncLatencySeconds) {
    /** Ready to serve: synced and in consensus. */
    public boolean ready() {
        return !syncing && inConsensus;
    }
}
