package io.kairos.node.rpc;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.kairos.node.rpc.TestNode.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLS from PEM files, the connection limit, and the refusal to serve a public address unauthenticated. */
class RpcTransportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void servesHttpsFromAPemCertificateAndKey(@TempDir final Path dir) throws Exception {
        final Path store = dir.resolve("rpc.p12");
        final Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "rpc", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
            "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", store.toString(),
            "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
            .redirectErrorStream(true).start();
        final String keytoolOut = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, keytoolOut);
        final KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        final Key key = ks.getKey("rpc", "changeit".toCharArray());
        final Certificate cert = ks.getCertificate("rpc");
        final Path certPem = dir.resolve("cert.pem");
        final Path keyPem = dir.resolve("key.pem");
        Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()));
        Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));

        try (TestNode node = new TestNode(b -> b.tls(certPem, keyPem), null)) {
            final KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("rpc", cert);
            final TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            final SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            final HttpClient client = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
            final HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + node.server.port() + "/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(call("eth_chainId", "[]"))).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals(node.genesis.chainId(), Long.decode(JSON.readTree(r.body()).path("result").asText()));
            assertThrows(java.io.IOException.class, () -> node.post(call("eth_chainId", "[]")),
                "plain HTTP is not served on a TLS port");
        }
    }

    private static String pem(final String type, final byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @Test
    void aConnectionOverTheLimitIsAnsweredWith503AndClosed() throws Exception {
        try (TestNode node = new TestNode(b -> b.maxConnections(1), null)) {
            final WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + node.server.port() + "/"), new WebSocket.Listener() { })
                .get(10, TimeUnit.SECONDS);
            final Map.Entry<Integer, String> refused = node.post(call("eth_blockNumber", "[]"));
            assertEquals(503, refused.getKey());
            assertEquals(-32005, JSON.readTree(refused.getValue()).path("error").path("code").asInt());
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
            // The server waits for the client to drop TCP after the close handshake; do not make it wait.
            ws.abort();
            int status = 0;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (status != 200 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                try {
                    status = node.post(call("eth_blockNumber", "[]")).getKey();
                } catch (final java.io.IOException e) {
                    // The client may first try the pooled connection the server closed after its 503.
                    status = -1;
                }
            }
            assertEquals(200, status, "once the WebSocket closed, a new connection is served");
        }
    }

    @Test
    void refusesAPublicAddressWithoutAuthentication() {
        final IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> new TestNode(b -> b.host("0.0.0.0"), null));
        assertTrue(e.getMessage().contains("without authentication"), e.getMessage());
    }
}
