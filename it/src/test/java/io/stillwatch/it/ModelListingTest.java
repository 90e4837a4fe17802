package io.stillwatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.models.Model;
import io.stillwatch.gateway.Route;
import io.stillwatch.gateway.Upstream;
import io.stillwatch.gateway.mock.MockUpstream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/models} with two upstreams: the listing asks both and lists each model once, from
 * the upstream the gateway routes it to; an upstream that is down leaves only its models out.
 */
class ModelListingTest {

    @Test
    void twoUpstreams_eachModelListedOnceFromTheUpstreamItRoutesTo_aDownUpstreamLeftOut(@TempDir Path dir)
            throws Exception {
        MockUpstream second = MockUpstream.start(new MockUpstream.Options("127.0.0.1", 0, 0, 24, "second-credential"));
        Upstream toSecond = Upstream.of("second", URI.create("http://127.0.0.1:" + second.port()), "second-credential");
        try (Harness h = new Harness(dir, false, 24, "mock-gpt*", b -> b.route(new Route("mock-claude*", toSecond)))) {
            OpenAIClient client = OpenAIOkHttpClient.builder().apiKey(h.secret).baseUrl(h.baseUrl() + "/v1")
                    .maxRetries(0).build();
            int before = h.exchanges().size();
            List<String> ids = client.models().list().data().stream().map(Model::id).toList();
            // both mocks offer all four models; each is listed once, by the upstream its route names
            assertThat(ids).containsExactly("mock-gpt", "mock-gpt-reasoning", "mock-claude", "mock-claude-thinking");
            assertThat(h.mock.requests()).isEqualTo(1);
            assertThat(second.requests()).isEqualTo(1);
            assertThat(h.mock.lastCredential()).isEqualTo(Harness.UPSTREAM_CREDENTIAL);
            assertThat(second.lastCredential()).isEqualTo("second-credential");
            assertThat(h.exchanges()).hasSize(before + 1);
            assertThat(h.exchanges().get(before).status()).isEqualTo(200);

            second.close();
            List<String> withOneDown = client.models().list().data().stream().map(Model::id).toList();
            assertThat(withOneDown).containsExactly("mock-gpt", "mock-gpt-reasoning");
        } finally {
            second.close();
        }
    }
}
