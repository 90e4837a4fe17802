package io.stillwatch.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigFileTest {
    @TempDir
    Path dir;

    private GatewayConfig load(String yaml, Map<String, String> env) throws Exception {
        Path f = dir.resolve("gateway.yaml");
        Files.writeString(f, yaml);
        GatewayConfig.Builder b = GatewayConfig.builder().dataDir(dir);
        GatewayConfigFile.apply(f, env::get, b);
        return b.build();
    }

    private static final String VALID = """
            listen: {host: 0.0.0.0, port: 8081, admin_port: -1}
            upstreams:
              openai: {base_url: "https://api.openai.example", credential_env: OPENAI_KEY, idle_timeout: 45s}
              anthropic: {base_url: "https://api.anthropic.example/", credential_env: ANTHROPIC_KEY,
                          first_byte_timeout: 500ms}
            routes:
              - {model: "gpt-*", upstream: openai}
              - {model: "claude-*", upstream: anthropic}
            limits: {max_body_bytes: 1048576, request_read_timeout: 10s}
            trusted_proxies: ["10.0.0.0/8"]
            privacy: true
            exchange_log: {rotate_bytes: 1048576, queue_capacity: 1024}
            """;

    @Test
    void apply_validFile_buildsTypedConfig() throws Exception {
        GatewayConfig c = load(VALID, Map.of("OPENAI_KEY", "sk-o", "ANTHROPIC_KEY", "sk-a"));
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(8081);
        assertThat(c.adminPort()).isEqualTo(-1);
        assertThat(c.privacy()).isTrue();
        assertThat(c.maxBodyBytes()).isEqualTo(1 << 20);
        assertThat(c.exchangeLog().rotateBytes()).isEqualTo(1 << 20);
        assertThat(c.exchangeLog().queueCapacity()).isEqualTo(1024);
        Router router = new Router(c.routes());
        assertThat(router.route("claude-sonnet-9").orElseThrow().credential()).isEqualTo("sk-a");
        assertThat(router.route("claude-sonnet-9").orElseThrow().firstByteTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(router.route("gpt-5").orElseThrow().idleTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(router.route("llama")).isEmpty();
        assertThat(router.route("claude-x").orElseThrow().pathPrefix()).isEmpty();
    }

    @Test
    void toString_upstream_neverShowsCredential() throws Exception {
        GatewayConfig c = load(VALID, Map.of("OPENAI_KEY", "sk-secret-value", "ANTHROPIC_KEY", "sk-a"));
        assertThat(c.toString()).doesNotContain("sk-secret-value");
    }

    @Test
    void apply_errors_nameTheField() {
        assertThatThrownBy(() -> load(VALID.replace("45s", "soon"), Map.of("OPENAI_KEY", "a", "ANTHROPIC_KEY", "b")))
                .hasMessageContaining("upstreams.openai.idle_timeout").hasMessageContaining("expected a duration");
        assertThatThrownBy(() -> load(VALID, Map.of("ANTHROPIC_KEY", "b")))
                .hasMessageContaining("OPENAI_KEY is not set");
        assertThatThrownBy(() -> load(VALID.replace("upstream: anthropic", "upstream: nope"),
                Map.of("OPENAI_KEY", "a", "ANTHROPIC_KEY", "b")))
                .hasMessageContaining("routes[1].upstream: 'nope'");
        assertThatThrownBy(() -> load(VALID + "colour: blue\n", Map.of("OPENAI_KEY", "a", "ANTHROPIC_KEY", "b")))
                .hasMessageContaining("colour: unknown setting");
        assertThatThrownBy(() -> load(VALID.replace("max_body_bytes: 1048576", "max_body_bytes: 10"),
                Map.of("OPENAI_KEY", "a", "ANTHROPIC_KEY", "b")))
                .hasMessageContaining("max_body_bytes: 10 (expected: >= 1024)");
    }

    @Test
    void routeGlob_matchesWholeName() {
        Router r = new Router(java.util.List.of(new Route("gpt-*", Upstream.of("u", java.net.URI.create("http://h"), ""))));
        assertThat(r.route("gpt-4o")).isPresent();
        assertThat(r.route("my-gpt-4o")).isEmpty();
        assertThat(r.route("gpt.4")).isEmpty();
    }
}
