package io.stillwatch.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Validates a request body before it goes upstream: strict UTF-8, exactly one JSON object, and the
 * types of the fields the gateway and the log rely on. One pass of Jackson's streaming parser reads
 * the top-level fields and skips over the rest (still checking it is well-formed JSON), so no tree is
 * built on the data path. Returns a {@link Result}, never throws.
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
    record Result(RequestBody body, String model, boolean stream, String error, String param) {
        boolean ok() {
            return error == null;
        }

        static Result fail(String error, String param) {
            return new Result(null, null, false, error, param);
        }
    }

    private RequestCheck() {
    }

    static Result check(Endpoint endpoint, byte[] bytes) {
        Scan scan = Scan.of(bytes);
        if (scan.nonAscii && !isUtf8(bytes)) {
            return Result.fail("request body is not valid UTF-8", null);
        }
        Fields f = new Fields();
        try (JsonParser p = JSON.getFactory().createParser(bytes)) {
            JsonToken root = p.nextToken();
            if (root != JsonToken.START_OBJECT) {
                if (root != null) {
                    p.skipChildren(); // a malformed array is reported as such
                }
                return Result.fail("request body must be a JSON object", null);
            }
            f.read(p);
            if (p.nextToken() != null) {
                return Result.fail("request body is not valid JSON: content after the object", null);
            }
        } catch (Exception e) {
            return Result.fail("request body is not valid JSON: " + firstLine(e.getMessage()), null);
        }
        RequestBody body = new RequestBody(bytes, scan.start, scan.end, scan.copyable(), f.streamOptions != null);
        String model = f.model;
        if (f.modelToken == null || f.modelToken == JsonToken.VALUE_NULL) {
            return new Result(body, null, false, "'model' is required", "model");
        }
        if (model == null || model.isBlank()) {
            return new Result(body, model, false, "'model' must be a non-empty string", "model");
        }
        String err = null;
        String param = null;
        if (f.messagesToken != JsonToken.START_ARRAY) {
            err = "'messages' must be an array";
            param = "messages";
        } else if (f.firstNonObjectMessage >= 0) {
            param = "messages[" + f.firstNonObjectMessage + "]";
            err = "'" + param + "' must be an object";
        } else if (present(f.stream) && !f.stream.isBoolean()) {
            err = "'stream' must be a boolean";
            param = "stream";
        } else if (f.badInteger != null) {
            err = "'" + f.badInteger + "' must be an integer";
            param = f.badInteger;
        } else if (f.badNumber != null) {
            err = "'" + f.badNumber + "' must be a number";
            param = f.badNumber;
        } else if (present(f.tools) && f.tools != JsonToken.START_ARRAY) {
            err = "'tools' must be an array";
            param = "tools";
        } else if (present(f.streamOptions) && f.streamOptions != JsonToken.START_OBJECT) {
            err = "'stream_options' must be an object";
            param = "stream_options";
        } else if (endpoint == Endpoint.ANTHROPIC_MESSAGES) {
            if (!f.maxTokensPresent) {
                err = "max_tokens: Field required";
                param = "max_tokens";
            } else if (present(f.system) && f.system != JsonToken.VALUE_STRING && f.system != JsonToken.START_ARRAY) {
                err = "'system' must be a string or an array of content blocks";
                param = "system";
            }
        }
        if (err != null) {
            return new Result(body, model, false, err, param);
        }
        boolean stream = endpoint != Endpoint.ANTHROPIC_COUNT_TOKENS && f.stream == JsonToken.VALUE_TRUE;
        return new Result(body, model, stream, null, null);
    }

    /** The first token of each top-level field the check looks at; {@code null} when absent. */
    private static final class Fields {
        JsonToken modelToken;
        String model;
        JsonToken messagesToken;
        int firstNonObjectMessage = -1;
        JsonToken stream;
        JsonToken tools;
        JsonToken streamOptions;
        JsonToken system;
        boolean maxTokensPresent;
        String badInteger; // first of max_tokens, max_completion_tokens, n that is not an int
        String badNumber;  // first of temperature, top_p that is not a number

        /** Reads the object's fields, the parser on its START_OBJECT; returns on its END_OBJECT. */
        void read(JsonParser p) throws java.io.IOException {
            String[] ints = new String[3];
            String[] numbers = new String[2];
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "model" -> {
                        modelToken = t;
                        model = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    }
                    case "messages" -> {
                        messagesToken = t;
                        if (t == JsonToken.START_ARRAY) {
                            int i = 0;
                            for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY && e != null; e = p.nextToken(), i++) {
                                if (e != JsonToken.START_OBJECT && firstNonObjectMessage < 0) {
                                    firstNonObjectMessage = i;
                                }
                                p.skipChildren();
                            }
                        }
                    }
                    case "stream" -> stream = t;
                    case "tools" -> tools = t;
                    case "stream_options" -> streamOptions = t;
                    case "system" -> system = t;
                    case "max_tokens", "max_completion_tokens", "n" -> {
                        if (name.equals("max_tokens")) {
                            maxTokensPresent = present(t);
                        }
                        if (present(t) && !(t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT)) {
                            ints[name.equals("max_tokens") ? 0 : name.equals("max_completion_tokens") ? 1 : 2] = name;
                        }
                    }
                    case "temperature", "top_p" -> {
                        if (present(t) && !t.isNumeric()) {
                            numbers[name.equals("temperature") ? 0 : 1] = name;
                        }
                    }
                    default -> {
                    }
                }
                p.skipChildren();
            }
            badInteger = firstOf(ints);
            badNumber = firstOf(numbers);
        }

        private static String firstOf(String[] names) {
            for (String n : names) {
                if (n != null) {
                    return n;
                }
            }
            return null;
        }
    }

    /**
     * One pass over the bytes: whether they are pure ASCII (then valid UTF-8 without decoding), and
     * whether the log may copy them as they are: no line break or NUL (JSON Lines; NULs would let
     * Jackson read the body as UTF-16), no byte-order mark, and no number with a trailing decimal
     * point (the parser accepts {@code 1.}, strict JSON does not). Inside strings a {@code .} after a
     * digit may look like such a number: then the log re-encodes the tree, which is merely slower.
     */
    private record Scan(boolean nonAscii, boolean lineBreak, boolean trailingDot, boolean bom, int start, int end) {
        static Scan of(byte[] b) {
            boolean nonAscii = false;
            boolean lineBreak = false;
            boolean trailingDot = false;
            for (int i = 0; i < b.length; i++) {
                byte c = b[i];
                if (c < 0) {
                    nonAscii = true;
                } else if (c == '\n' || c == '\r' || c == 0) {
                    lineBreak = true;
                } else if (c == '.' && i > 0 && isDigit(b[i - 1]) && (i + 1 == b.length || !isDigit(b[i + 1]))) {
                    trailingDot = true;
                }
            }
            boolean bom = b.length >= 3 && b[0] == (byte) 0xEF && b[1] == (byte) 0xBB && b[2] == (byte) 0xBF;
            int start = 0;
            int end = b.length;
            while (start < end && isSpace(b[start])) {
                start++;
            }
            while (end > start && isSpace(b[end - 1])) {
                end--;
            }
            return new Scan(nonAscii, lineBreak, trailingDot, bom, start, end);
        }

        boolean copyable() {
            return !lineBreak && !trailingDot && !bom;
        }

        private static boolean isDigit(byte c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isSpace(byte c) {
            return c == ' ' || c == '\t';
        }
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean present(JsonToken t) {
        return t != null && t != JsonToken.VALUE_NULL;
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
