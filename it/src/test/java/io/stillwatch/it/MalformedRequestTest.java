package io.stillwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stillwatch.model.ExchangeRecord;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Bad input at the HTTP boundary: each gets a 4xx in the API's own error format and one exchange-log line. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    Harness h;
    HttpClient http;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        h = new Harness(dir, b -> b.maxBodyBytes(64 * 1024).requestReadTimeout(Duration.ofMillis(300))
                .trustedProxy("127.0.0.0/8"));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    void stop() {
        h.close();
    }

    private HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(h.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("content-type", "application/json");
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private ExchangeRecord last(int before) throws Exception {
        List<ExchangeRecord> all = h.exchanges();
        assertThat(all).hasSize(before + 1);
        return all.get(before);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void openAi_badJson_gets400InOpenAiFormat() throws Exception {
        int before = h.exchanges().size();
        var r = post("/v1/chat/completions", "{\"model\": \"mock-gpt\", ".getBytes(StandardCharsets.UTF_8),
                "authorization", "Bearer " + h.secret);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(json(r).path("error").path("message").asText()).contains("not valid JSON");
        ExchangeRecord x = last(before);
        assertThat(x.status()).isEqualTo(400);
        assertThat(x.request()).isNull();
        assertThat(x.fingerprint().path("body_bytes").asInt()).isEqualTo(22);
    }

    @Test
    void anthropic_wrongType_gets400InAnthropicFormatNamingField() throws Exception {
        int before = h.exchanges().size();
        var r = post("/v1/messages", "{\"model\":\"mock-claude\",\"max_tokens\":\"many\",\"messages\":[]}"
                .getBytes(StandardCharsets.UTF_8), "x-api-key", h.secret);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("type").asText()).isEqualTo("error");
        assertThat(json(r).path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(json(r).path("error").path("message").asText()).contains("max_tokens");
        assertThat(last(before).request().path("max_tokens").asText()).isEqualTo("many");
    }

    @Test
    void openAi_invalidUtf8_gets400() throws Exception {
        int before = h.exchanges().size();
        byte[] body = "{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"XX\"}]}"
                .getBytes(StandardCharsets.UTF_8);
        int i = new String(body, StandardCharsets.UTF_8).indexOf("XX");
        body[i] = (byte) 0xC3;
        body[i + 1] = (byte) 0x28; // not a continuation byte
        var r = post("/v1/chat/completions", body, "authorization", "Bearer " + h.secret);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").path("message").asText()).contains("UTF-8");
        assertThat(last(before).status()).isEqualTo(400);
    }

    @Test
    void openAi_bodyOverLimit_gets413() throws Exception {
        int before = h.exchanges().size();
        byte[] body = new byte[200 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        var r = post("/v1/chat/completions", body, "authorization", "Bearer " + h.secret);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).path("error").path("code").asText()).isEqualTo("request_too_large");
        assertThat(last(before).status()).isEqualTo(413);
    }

    @Test
    void anthropic_bodyOverLimitWithoutLength_gets413() throws Exception {
        int before = h.exchanges().size();
        // chunked upload: no content-length, so the limit is enforced while reading
        byte[] chunk = new byte[16 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        HttpRequest req = HttpRequest.newBuilder(URI.create(h.baseUrl() + "/v1/messages"))
                .header("x-api-key", h.secret)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.SequenceInputStream(
                        java.util.Collections.enumeration(java.util.Collections.nCopies(16,
                                (InputStream) null).stream().map(n -> (InputStream) new java.io.ByteArrayInputStream(chunk))
                                .toList())))).build();
        int status;
        try {
            status = http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (java.io.IOException e) {
            status = 413; // the gateway may close while the client is still sending; the log tells
        }
        assertThat(status).isEqualTo(413);
        assertThat(last(before).status()).isEqualTo(413);
    }

    @Test
    void slowClient_bodyNeverCompletes_gets408AndConnectionClosed() throws Exception {
        int before = h.exchanges().size();
        try (Socket s = new Socket("127.0.0.1", h.gateway.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/messages HTTP/1.1\r\nhost: x\r\nx-api-key: " + h.secret
                    + "\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"model\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = readAll(s.getInputStream()); // returns when the gateway closes the connection
            assertThat(response).startsWith("HTTP/1.1 408");
            assertThat(response).contains("\"type\":\"error\"");
        }
        assertThat(last(before).status()).isEqualTo(408);
    }

    @Test
    void oversizedHeaders_get431() throws Exception {
        try (Socket s = new Socket("127.0.0.1", h.gateway.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /v1/models HTTP/1.1\r\nhost: x\r\nx-junk: " + "a".repeat(40_000)
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readAll(s.getInputStream())).startsWith("HTTP/1.1 431");
        }
    }

    @Test
    void missingKey_gets401AndUnknownPath404() throws Exception {
        int before = h.exchanges().size();
        var r = post("/v1/messages", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(json(r).path("error").path("type").asText()).isEqualTo("authentication_error");
        assertThat(last(before).status()).isEqualTo(401);
        var nf = post("/v1/embeddings", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(nf.statusCode()).isEqualTo(404);
        assertThat(json(nf).path("error").has("message")).isTrue();
    }

    @Test
    void forwardedFor_fromTrustedPeer_isTheLoggedClientIp() throws Exception {
        int before = h.exchanges().size();
        var r = post("/v1/chat/completions", "{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                .getBytes(StandardCharsets.UTF_8), "authorization", "Bearer " + h.secret,
                "x-forwarded-for", "203.0.113.9, 127.0.0.1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(last(before).ip()).isEqualTo("203.0.113.9");
    }

    private static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toString(StandardCharsets.UTF_8);
    }
}
