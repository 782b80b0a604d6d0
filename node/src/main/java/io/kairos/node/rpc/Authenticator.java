package io.kairos.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Checks a request's credentials: an API key in {@code X-API-Key}, or a JWT signed with HS256 in
 * {@code Authorization: Bearer}. A token must have alg HS256, a valid signature, an {@code iat} no
 * more than 60 s in the future and no older than the configured maximum age, and, if it has one, an
 * {@code exp} in the future. Thread-safe; comparisons are constant-time.
 */
final class Authenticator {
    private static final long CLOCK_SKEW_SECONDS = 60;

    private final List<byte[]> apiKeys;
    private final byte[] jwtSecret;
    private final long maxAgeSeconds;
    private final LongSupplier epochSeconds;

    Authenticator(final Set<String> apiKeys, final byte[] jwtSecret, final Duration maxAge,
                  final LongSupplier epochSeconds) {
        this.apiKeys = apiKeys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        this.jwtSecret = jwtSecret;
        this.maxAgeSeconds = maxAge.toSeconds();
        this.epochSeconds = epochSeconds;
    }

    /** The result: whether the credentials are valid, and the key to rate-limit by (null: use the address). */
    record Identity(boolean authenticated, String rateKey) {
        static final Identity ANONYMOUS = new Identity(false, null);
    }

    Identity identify(final String apiKeyHeader, final String authorizationHeader) {
        if (apiKeyHeader != null && validApiKey(apiKeyHeader)) {
            return new Identity(true, "key:" + apiKeyHeader);
        }
        if (authorizationHeader != null && jwtSecret != null
            && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            final String token = authorizationHeader.substring(7).trim();
            if (validJwt(token)) {
                return new Identity(true, "jwt:" + token.substring(token.lastIndexOf('.') + 1));
            }
        }
        return Identity.ANONYMOUS;
    }

    private boolean validApiKey(final String presented) {
        final byte[] p = presented.getBytes(StandardCharsets.UTF_8);
        boolean found = false;
        for (final byte[] k : apiKeys) {
            found |= MessageDigest.isEqual(k, p);
        }
        return found;
    }

    boolean validJwt(final String token) {
        final int first = token.indexOf('.');
        final int second = token.indexOf('.', first + 1);
        if (first < 1 || second < 0 || token.indexOf('.', second + 1) >= 0) {
            return false;
        }
        try {
            final Base64.Decoder b64 = Base64.getUrlDecoder();
            final JsonNode header = RpcDispatcher.JSON.readTree(b64.decode(token.substring(0, first)));
            if (header == null || !"HS256".equals(header.path("alg").asText())) {
                return false;
            }
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(jwtSecret, "HmacSHA256"));
            final byte[] expected = mac.doFinal(token.substring(0, second).getBytes(StandardCharsets.US_ASCII));
            if (!MessageDigest.isEqual(expected, b64.decode(token.substring(second + 1)))) {
                return false;
            }
            final JsonNode claims = RpcDispatcher.JSON.readTree(b64.decode(token.substring(first + 1, second)));
            if (claims == null || !claims.path("iat").canConvertToLong()) {
                return false;
            }
            final long now = epochSeconds.getAsLong();
            final long iat = claims.path("iat").asLong();
            if (iat > now + CLOCK_SKEW_SECONDS || now - iat > maxAgeSeconds) {
                return false;
            }
            final JsonNode exp = claims.get("exp");
            return exp == null || exp.canConvertToLong() && exp.asLong() > now;
        } catch (final IllegalArgumentException | java.io.IOException | GeneralSecurityException e) {
            return false;
        }
    }
}
