package io.kairos.node.rpc;

/**
 * Who is calling and over what, for one request (a single call or a whole batch). Made by the
 * server per request; read by the dispatcher on the event loop.
 *
 * @param authenticated whether the request carried a valid API key or token
 * @param client        the rate-limit key: the API key, else the remote address
 * @param session       the WebSocket connection, or null over HTTP (no subscriptions)
 */
record CallContext(boolean authenticated, String client, Session session) {
    /** A WebSocket connection's subscriptions. Called on that connection's event loop. */
    interface Session {
        /** Starts a subscription of {@code kind} and returns its id; refuses over the per-connection limit. */
        String subscribe(SubscriptionKind kind);

        /** Ends a subscription; false if this connection has none with that id. */
        boolean unsubscribe(String id);
    }

    /** What eth_subscribe can follow. */
    enum SubscriptionKind {
        NEW_HEADS("newHeads"),
        NEW_PENDING_TRANSACTIONS("newPendingTransactions");

        private final String wireName;

        SubscriptionKind(final String wireName) {
            this.wireName = wireName;
        }

        String wireName() {
            return wireName;
        }

        static SubscriptionKind of(final String name) {
            for (final SubscriptionKind k : values()) {
                if (k.wireName.equals(name)) {
                    return k;
                }
            }
            return null;
        }
    }
}
