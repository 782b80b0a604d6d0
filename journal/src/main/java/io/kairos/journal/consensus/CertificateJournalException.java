package io.kairos.journal.consensus;

import io.kairos.engine.core.KairosException;

/** A refusal of the {@link CertificateJournal}, with a typed code; the message starts with the code. */
public final class CertificateJournalException extends KairosException {
    private final CertificateJournalError error;

    public CertificateJournalException(final CertificateJournalError error, final String message) {
        this(error, message, null);
    }

    public CertificateJournalException(final CertificateJournalError error, final String message,
                                       final Throwable cause) {
        super(error.name() + ": " + message, cause);
        this.error = error;
    }

    public CertificateJournalError error() {
        return error;
    }

    @Override
    public String code() {
        return error.name();
    }
}
