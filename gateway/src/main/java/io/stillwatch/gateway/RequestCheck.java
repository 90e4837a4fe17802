package io.stillwatch.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Validates a request body before it goes upstream: strict UTF-8, one JSON object, and the types of
 * the fields the gateway and the log rely on. Returns a {@link Result}, never throws.
 */
final class RequestCheck {
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS)
            .build();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build());
        JSON.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** Either a valid body (with its model and stream flag) or an error with the offending field. */
    record Result(ObjectNode body, String model, boolean stream, String error, String param) {
        boolean ok() {
            return error == null;
        }

        static Result fail(String error, String param) {
            return new Result(null, null, false, error, param);
        }

        static Result fail(ObjectNode body, String error, String param) {
            JsonNode m = body.get("model");
            return new Result(body, m != null && m.isTextual() ? m.asText() : null, false, error, param);
        }
    }

    private RequestCheck() {
    }

    static Result check(Endpoint endpoint, byte[] bytes) {
        if (!isAscii(bytes)) {
            try {
                StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes));
            } catch (CharacterCodingException e) {
                return Result.fail("request body is not valid UTF-8", null);
            }
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (Exception e) {
            return Result.fail("request body is not valid JSON: " + firstLine(e.getMessage()), null);
        }
        if (root == null || !root.isObject()) {
            return Result.fail("request body must be a JSON object", null);
        }
        ObjectNode body = (ObjectNode) root;
        JsonNode model = body.get("model");
        if (model == null || model.isNull()) {
            return Result.fail(body, "'model' is required", "model");
        }
        if (!model.isTextual() || model.asText().isBlank()) {
            return Result.fail(body, "'model' must be a non-empty string", "model");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray()) {
            return Result.fail(body, "'messages' must be an array", "messages");
        }
        for (int i = 0; i < messages.size(); i++) {
            if (!messages.get(i).isObject()) {
                return Result.fail(body, "'messages[" + i + "]' must be an object", "messages[" + i + "]");
            }
        }
        String err = null;
        String param = null;
        if (present(body, "stream") && !body.get("stream").isBoolean()) {
            err = "'stream' must be a boolean";
            param = "stream";
        }
        for (String f : new String[] {"max_tokens", "max_completion_tokens", "n"}) {
            if (err == null && present(body, f) && !(body.get(f).isIntegralNumber() && body.get(f).canConvertToInt())) {
                err = "'" + f + "' must be an integer";
                param = f;
            }
        }
        for (String f : new String[] {"temperature", "top_p"}) {
            if (err == null && present(body, f) && !body.get(f).isNumber()) {
                err = "'" + f + "' must be a number";
                param = f;
            }
        }
        if (err == null && present(body, "tools") && !body.get("tools").isArray()) {
            err = "'tools' must be an array";
            param = "tools";
        }
        if (err == null && present(body, "stream_options") && !body.get("stream_options").isObject()) {
            err = "'stream_options' must be an object";
            param = "stream_options";
        }
        if (err == null && endpoint == Endpoint.ANTHROPIC_MESSAGES) {
            if (!present(body, "max_tokens")) {
                err = "max_tokens: Field required";
                param = "max_tokens";
            }
            if (err == null && present(body, "system") && !(body.get("system").isTextual() || body.get("system").isArray())) {
                err = "'system' must be a string or an array of content blocks";
                param = "system";
            }
        }
        if (err != null) {
            return Result.fail(body, err, param);
        }
        boolean stream = endpoint != Endpoint.ANTHROPIC_COUNT_TOKENS && body.path("stream").asBoolean(false);
        return new Result(body, model.asText(), stream, null, null);
    }

    /** Pure ASCII is valid UTF-8: most bodies skip the decoder (and its char buffer) altogether. */
    static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean present(ObjectNode body, String field) {
        JsonNode n = body.get(field);
        return n != null && !n.isNull();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        String s = nl < 0 ? message : message.substring(0, nl);
        return s.length() > 200 ? s.substring(0, 200) : s;
    }
}
