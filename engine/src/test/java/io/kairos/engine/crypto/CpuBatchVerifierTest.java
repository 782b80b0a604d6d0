package io.kairos.engine.crypto;

class CpuBatchVerifierTest extends BatchVerifierContract {
    @Override
    protected BatchVerifier newVerifier() {
        return new CpuBatchVerifier();
    }
}
