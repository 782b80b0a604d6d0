package io.kairos.transport;

/**
 * Where a validator listens for UDP frames: a host name or IP literal and a port. Immutable.
 *
 * @param host a host name, IPv4 literal or bracketed IPv6 literal
 * @param port 1..65535
 */
public record Endpoint(String host, int port) {
    public Endpoint {
        if (host == null || host.isEmpty() || host.indexOf('|') >= 0 || host.indexOf('?') >= 0) {
            throw new TransportException(TransportError.INVALID_CONFIG, "endpoint host must be a plain host name, got "
                + host);
        }
        if (port < 1 || port > 65535) {
            throw new TransportException(TransportError.INVALID_CONFIG, "endpoint port must be 1..65535, got " + port);
        }
    }

    /** Parses {@code host:port} (the genesis network address form). */
    public static Endpoint parse(final String hostPort) {
        final int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new TransportException(TransportError.INVALID_CONFIG, "expected host:port, got " + hostPort);
        }
        final int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (final NumberFormatException e) {
            throw new TransportException(TransportError.INVALID_CONFIG, "expected host:port, got " + hostPort);
        }
        return new Endpoint(hostPort.substring(0, colon), port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
