package io.kairos.engine.consensus;

import java.util.TreeMap;

/** The last {@code capacity} commit certificates, in memory. Not thread-safe. */
public final class InMemoryCertificateStore implements CertificateStore {
    private final int capacity;
    private final TreeMap<Long, Certificate> certificates = new TreeMap<>();

    public InMemoryCertificateStore(final int capacity) {
        this.capacity = capacity;
    }

    @Override
    public void put(final Certificate commit) {
        certificates.put(commit.height(), commit);
        while (certificates.size() > capacity) {
            certificates.pollFirstEntry();
        }
    }

    @Override
    public Certificate get(final long height) {
        return certificates.get(height);
    }
}
