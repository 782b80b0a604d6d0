package io.kairos.node.rpc;

import io.kairos.engine.core.KairosException;

/**
 * A request the server answers with a JSON-RPC error: the {@link RpcError} gives the code, the
 * message says what was wrong, and {@code data} (may be null) is sent as the error's data member.
 */
public final class RpcException extends KairosException {
    private final RpcError error;
    private final transient Object data;

    public RpcException(final RpcError error, final String message) {
        this(error, message, null);
    }

    public RpcException(final RpcError error, final String message, final Object data) {
        super(message);
        this.error = error;
        this.data = data;
    }

    public RpcError error() {
        return error;
    }

    /** Extra detail sent as the error's {@code data} member; a String, Map or null. */
    public Object data() {
        return data;
    }

    @Override
    public String code() {
        return error.name();
    }

    static RpcException invalidParams(final String message) {
        return new RpcException(RpcError.INVALID_PARAMS, message);
    }
}
