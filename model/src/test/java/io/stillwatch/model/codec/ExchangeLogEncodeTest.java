package io.stillwatch.model.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.stillwatch.model.ExchangeRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The encoder's shortcut for pre-serialised request bodies writes what the mapper wrote for them. */
class ExchangeLogEncodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String line(ExchangeRecord r) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var w = JsonLinesWriter.of(out, ExchangeLogCodec.INSTANCE)) {
            w.write(r);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static ExchangeRecord withRequest(ExchangeRecord r, JsonNode request) {
        return new ExchangeRecord(r.v(), r.id(), r.ts(), r.account(), r.key(), r.ip(), r.ua(), r.api(), r.model(),
                r.stream(), request, r.fingerprint(), r.response(), r.usage(), r.status(), r.latencyMs(), r.action());
    }

    @Test
    void encode_rawCompactRequest_sameLineAsItsTreeAndAsTheMapperWritesIt() throws Exception {
        for (int i = 0; i < 200; i++) {
            ExchangeRecord tree = ContractSamples.exchange(i);
            String compact = JSON.writeValueAsString(tree.request());
            ExchangeRecord raw = withRequest(tree, new POJONode(new RawValue(compact)));
            String expected = line(tree);
            assertThat(line(raw)).isEqualTo(expected);
            // the mapper's own rendering of the same raw node, as the codec wrote it before the shortcut
            ByteArrayOutputStream viaMapper = new ByteArrayOutputStream();
            try (var g = JSON.getFactory().createGenerator(viaMapper)) {
                JSON.writeTree(g, raw.request());
            }
            assertThat(expected).contains("\"request\":" + viaMapper.toString(StandardCharsets.UTF_8) + ",");
        }
    }

    @Test
    void encode_rawRequestWithOddSpacing_keptByteForByte() throws Exception {
        String body = "{ \"model\" : \"m\",\"messages\":[ ],\"temperature\":1.50 }";
        ExchangeRecord raw = withRequest(ContractSamples.exchange(1), new POJONode(new RawValue(body)));
        assertThat(line(raw)).contains("\"request\":" + body + ",").endsWith("}\n");
    }
}
