package io.kairos.node.rpc;

/**
 * The JSON-RPC error codes this server answers with. The numbers are stable: -32700..-32603 are the
 * JSON-RPC 2.0 codes, -32000 is a refused transaction or an unserved request, -32005 a limit.
 */
public enum RpcError {
    /** The body is not JSON. */
    PARSE_ERROR(-32700),
    /** JSON, but not a JSON-RPC 2.0 request object (or an empty batch). */
    INVALID_REQUEST(-32600),
    /** No such method, or a WebSocket-only method called over HTTP. */
    METHOD_NOT_FOUND(-32601),
    /** The method exists but its parameters are wrong; the message says which and why. */
    INVALID_PARAMS(-32602),
    /** A failure inside the node; the message says what failed. */
    INTERNAL(-32603),
    /** The engine refused the transaction; {@code data.reason} holds its RejectReason code. */
    TRANSACTION_REJECTED(-32000),
    /** Authentication is required and was missing or wrong. */
    UNAUTHORIZED(-32001),
    /** Not found where Ethereum tools expect an error rather than null (eth_feeHistory before any block). */
    RESOURCE_NOT_FOUND(-32002),
    /** Something Kairos cannot do (a call with data, an unsupported block tag, an eth transaction without the decoder). */
    UNSUPPORTED(-32004),
    /** A limit was hit: rate, body size, batch length, connections, subscriptions. */
    LIMIT_EXCEEDED(-32005);

    private final int code;

    RpcError(final int code) {
        this.code = code;
    }

    /** The JSON-RPC error code. */
    public int code() {
        return code;
    }
}
